using System.Security.Cryptography;
using EdgeAgent.Core.Provisioning;

namespace EdgeAgent.Provisioning;

/// <summary>
/// The bundle's files copied into a directory beside the configuration, each streamed once while its
/// SHA-256 is checked (what is later moved into place is what was verified, and memory stays flat
/// whatever the card holds); moved into the configuration directory only when all of them passed.
/// </summary>
internal sealed class BundleStaging : IDisposable
{
    public const string DirectoryName = ".bundle-incoming";
    private const int BufferBytes = 64 * 1024;
    private readonly string bundleDir;
    private readonly string configDir;

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

    /// <summary>Moves the staged files into the configuration directory, each atomically.</summary>
    public void Commit(IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            try
            {
                File.Move(PathOf(names[i]), Path.Combine(configDir, names[i]), overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new BundleException($"replacing {names[i]} in {configDir} failed ({ex.Message}) after {string.Join(", ", names.Take(i).DefaultIfEmpty("no file"))} had been replaced: copy the bundle again and restart the agent", ex) { NothingApplied = i == 0 };
            }
        }
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
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
