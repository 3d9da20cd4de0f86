using System.Security.Cryptography;
using System.Text;
using EdgeAgent.Core.Provisioning;
using EdgeAgent.Shared;
using EdgeAgent.State;

namespace EdgeAgent.Provisioning;

/// <summary>
/// The bundle's files copied into a directory beside the configuration, each streamed once while its
/// SHA-256 is checked (what is later moved into place is what was verified, and memory stays flat
/// whatever the card holds); moved into the configuration directory only when all of them passed.
/// Before the first move a journal (<see cref="JournalName"/>) records that the staged bundle is being
/// committed, and the staging directory is kept until it is recorded as taken: a power cut between the
/// moves is finished from here at the next start (<see cref="Resume"/>), never judged again from the
/// card, whose bundle the half-moved configuration may already refuse (a fleet move's new root).
/// </summary>
internal sealed class BundleStaging : IDisposable
{
    public const string DirectoryName = ".bundle-incoming";

    /// <summary>In the configuration directory while the staged files are moved: "SHA256 signed|unsigned" of the bundle.</summary>
    public const string JournalName = ".bundle-committing";

    /// <summary>In the staging directory: the SHA256SUMS the staged files were checked against (the journal's bundle).</summary>
    private const string KeptChecksums = BootBundle.Checksums;
    private const int BufferBytes = 64 * 1024;
    private readonly string bundleDir;
    private readonly string configDir;
    private bool journaled;

    private BundleStaging(string bundleDir, string configDir)
    {
        this.bundleDir = bundleDir;
        this.configDir = configDir;
        Directory = Path.Combine(configDir, DirectoryName);
    }

    public string Directory { get; }

    /// <summary>An empty staging directory (one left by an interrupted start is removed first).</summary>
    public static BundleStaging Create(string bundleDir, string configDir)
    {
        var staging = new BundleStaging(bundleDir, configDir);
        System.IO.Directory.CreateDirectory(configDir);
        staging.Dispose();
        System.IO.Directory.CreateDirectory(staging.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return staging;
    }

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>
    /// The staging directory of a commit a power cut interrupted, with the SHA256SUMS it was checked against
    /// and whether it was signed; null when there is none, or when what is left cannot finish it (a journal
    /// without its staged list: the cut came before the journal was durable, so nothing was moved).
    /// </summary>
    public static (BundleStaging Staging, byte[] Checksums, string Id, bool Signed)? Resume(string bundleDir, string configDir)
    {
        var journal = Path.Combine(configDir, JournalName);
        if (!File.Exists(journal))
        {
            return null;
        }

        var staging = new BundleStaging(bundleDir, configDir) { journaled = true };
        try
        {
            var fields = Encoding.ASCII.GetString(RegularFile.ReadAllBytes(journal, 256)).Trim().Split(' ');
            var sums = RegularFile.ReadAllBytes(staging.PathOf(KeptChecksums), BundleRules.MaxChecksumsBytes);
            if (fields.Length == 2 && fields[0] == Convert.ToHexStringLower(SHA256.HashData(sums)))
            {
                return (staging, sums, fields[0], fields[1] == "signed");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        staging.journaled = false;
        staging.Finish();
        return null;
    }

    /// <summary>Keeps the SHA256SUMS the staged files were checked against, for <see cref="Resume"/>.</summary>
    public void KeepChecksums(byte[] sums)
    {
        using var target = new FileStream(PathOf(KeptChecksums), new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
        target.Write(sums);
        target.Flush(flushToDisk: true);
    }

    /// <summary>Records, durably, that the staged bundle is now being moved into place: from here on it is finished, not judged again.</summary>
    public void Journal(string id, bool signed)
    {
        DirectorySync.Sync(Directory);
        ConfigRecord.Write(Path.Combine(configDir, JournalName), Encoding.ASCII.GetBytes($"{id} {(signed ? "signed" : "unsigned")}\n"));
        journaled = true;
    }

    /// <summary>Copies an entry into the staging directory, checking its size and checksum on the way.</summary>
    public void Copy(BundleEntry entry, long maxBytes)
    {
        var mode = entry.Name.EndsWith(".key", StringComparison.Ordinal)
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        using var target = new FileStream(PathOf(entry.Name), new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode });
        Stream(entry, maxBytes, target);
        target.Flush(flushToDisk: true);
    }

    /// <summary>Checks an entry's size and checksum without copying it (the images, which stay on the card until loaded).</summary>
    public void Check(BundleEntry entry, long maxBytes) => Stream(entry, maxBytes, null);

    /// <summary>Moves the staged files into the configuration directory, each atomically; one no longer staged was moved before a power cut.</summary>
    public void Commit(IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            try
            {
                if (!journaled || File.Exists(PathOf(names[i])))
                {
                    File.Move(PathOf(names[i]), Path.Combine(configDir, names[i]), overwrite: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new BundleException($"replacing {names[i]} in {configDir} failed ({ex.Message}) after {string.Join(", ", names.Take(i).DefaultIfEmpty("no file"))} had been replaced: the rest is moved from {Directory} at the next start", ex) { NothingApplied = false };
            }
        }

        DirectorySync.Sync(configDir);
    }

    /// <summary>The bundle is recorded as taken: the staging directory and the journal go.</summary>
    public void Finish()
    {
        journaled = false;
        Dispose();
        File.Delete(Path.Combine(configDir, JournalName));
        DirectorySync.Sync(configDir);
    }

    /// <summary>Removes the staging directory, unless a commit is under way (it is finished at the next start).</summary>
    public void Dispose()
    {
        if (!journaled && System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private void Stream(BundleEntry entry, long maxBytes, FileStream? target)
    {
        var path = Path.Combine(bundleDir, entry.Name);
        if (!File.Exists(path) && new FileInfo(path).LinkTarget is null && !System.IO.Directory.Exists(path))
        {
            throw new BundleException($"{entry.Name} is listed in SHA256SUMS but missing (half-copied?)");
        }

        BundlePaths.CheckPlainFile(path, entry.Name);
        try
        {
            using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            if (source.Length > maxBytes)
            {
                throw new BundleException($"{entry.Name} {BundleRules.SizeProblem(entry.Name, source.Length) ?? $"is too large ({source.Length} bytes, at most {maxBytes})"}");
            }

            // Read no more than the limit whatever the length said: the file may grow while it is read.
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[BufferBytes];
            long total = 0;
            for (int read; (read = source.Read(buffer)) > 0;)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw new BundleException($"{entry.Name} is too large (more than {maxBytes} bytes)");
                }

                hash.AppendData(buffer, 0, read);
                target?.Write(buffer, 0, read);
            }

            if (Convert.ToHexStringLower(hash.GetHashAndReset()) != entry.Hash)
            {
                throw new BundleException($"{entry.Name} does not match SHA256SUMS (half-copied or altered): copy the bundle again");
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BundleException($"{entry.Name} is listed in SHA256SUMS but missing (half-copied?)", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BundleException($"{entry.Name}: {ex.Message}", ex);
        }
    }
}
