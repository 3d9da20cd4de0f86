using System.Security.Cryptography;
using System.Text;
using EdgeAgent.Shared;

namespace EdgeAgent.Provisioning;

/// <summary>
/// The provisioning bundle on the boot partition (`edgectl device provision`), taken when the agent
/// starts: every checksum verified first (a half-copied or altered bundle is refused whole), the files
/// moved into the configuration directory (keys 0600), the device key deleted from the boot partition,
/// and the bundle remembered so that a reboot does not take it again. A different bundle put there
/// later is taken too (re-provisioning). Its images are loaded afterwards (<see cref="BundleImages"/>).
/// </summary>
internal sealed class BootBundle(string bundleDir, string configDir)
{
    public const string DefaultDirectory = "/boot/firmware/edge-agent";
    public const string Checksums = "SHA256SUMS";
    public const string Images = "images.tar";

    /// <summary>In the configuration directory: the SHA-256 of the SHA256SUMS last taken.</summary>
    public const string TakenRecord = ".bundle-taken";

    /// <summary>In the configuration directory: the SHA-256 of an images.tar not loaded yet.</summary>
    public const string PendingImagesRecord = ".bundle-images";

    private const long MaxFileBytes = 1 << 20;
    private const long MaxImagesBytes = 8L << 30;

    public string Directory => bundleDir;

    public string ConfigDirectory => configDir;

    /// <summary>Takes the bundle if there is a new one; returns the files taken (none: no new bundle). Throws <see cref="BundleException"/>.</summary>
    public IReadOnlyList<string> Take()
    {
        var sumsPath = Path.Combine(bundleDir, Checksums);
        if (!File.Exists(sumsPath))
        {
            return [];
        }

        byte[] sums;
        try
        {
            sums = RegularFile.ReadAllBytes(sumsPath, MaxFileBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BundleException($"{sumsPath}: {ex.Message}", ex);
        }

        var id = Convert.ToHexStringLower(SHA256.HashData(sums));
        var takenPath = Path.Combine(configDir, TakenRecord);
        if (File.Exists(takenPath) && File.ReadAllText(takenPath).Trim() == id)
        {
            return [];
        }

        // Each file is read once and what is written is what was verified: a file changed on the card
        // between the check and the copy cannot slip in.
        var entries = BundleEntry.Parse(Encoding.UTF8.GetString(sums));
        var verified = entries.Select(e => (Entry: e, Content: Verify(e))).ToList();

        System.IO.Directory.CreateDirectory(configDir);
        foreach (var (entry, content) in verified.Where(v => v.Content is not null))
        {
            var mode = entry.Name.EndsWith(".key", StringComparison.Ordinal)
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            WriteAtomically(Path.Combine(configDir, entry.Name), content!, mode);
        }

        if (entries.FirstOrDefault(e => e.Name == Images) is { } images)
        {
            WriteAtomically(Path.Combine(configDir, PendingImagesRecord), Encoding.ASCII.GetBytes(images.Hash), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // The device key must not stay on a FAT partition anyone with the card can read.
        foreach (var key in entries.Where(e => e.Name.EndsWith(".key", StringComparison.Ordinal)))
        {
            File.Delete(Path.Combine(bundleDir, key.Name));
        }

        WriteAtomically(takenPath, Encoding.ASCII.GetBytes(id), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return [.. entries.Select(e => e.Name)];
    }

    /// <summary>Checks an entry against its checksum; returns its content (null for the images, which stay on the card until loaded).</summary>
    private byte[]? Verify(BundleEntry entry)
    {
        var path = Path.Combine(bundleDir, entry.Name);
        if (RegularFile.NotRegular(path) is { } kind)
        {
            throw new BundleException($"{entry.Name} is {kind}, not a file; nothing of the bundle was applied");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > (entry.Name == Images ? MaxImagesBytes : MaxFileBytes))
            {
                throw new BundleException($"{entry.Name} is too large ({stream.Length} bytes); nothing of the bundle was applied");
            }

            byte[]? content = null;
            if (entry.Name != Images)
            {
                content = new byte[stream.Length];
                stream.ReadExactly(content);
            }

            var hash = content is null ? SHA256.HashData(stream) : SHA256.HashData(content);
            if (Convert.ToHexStringLower(hash) != entry.Hash)
            {
                throw new BundleException($"{entry.Name} does not match SHA256SUMS (half-copied or altered); nothing of the bundle was applied: copy the bundle again");
            }

            return content;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BundleException($"{entry.Name} is listed in SHA256SUMS but missing (half-copied?); nothing of the bundle was applied", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BundleException($"{entry.Name}: {ex.Message}; nothing of the bundle was applied", ex);
        }
    }

    private static void WriteAtomically(string path, byte[] content, UnixFileMode mode)
    {
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode }))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }

        File.SetUnixFileMode(temp, mode);
        File.Move(temp, path, overwrite: true);
    }
}
