using System.Security.Cryptography;
using System.Text;
using EdgeAgent.Core.Provisioning;
using EdgeAgent.Shared;

namespace EdgeAgent.Provisioning;

/// <summary>
/// The provisioning bundle on the boot partition (`edgectl device provision`), taken when the agent
/// starts, all or nothing: its SHA256SUMS complete (closed by its end line), authorised by the fleet
/// the device already trusts (<see cref="DeviceTrust.Authorise"/>; any bundle on first boot), every
/// file a plain file within its size, streamed into a staging directory against its checksum, and the
/// configuration checked as the agent will read it (<see cref="BundleConfigCheck"/>); only then are
/// the files moved into the configuration directory (keys 0600), the device key deleted from the
/// boot partition, and the bundle remembered so that a reboot does not take it again. Its images
/// are loaded afterwards (<see cref="BundleImages"/>).
/// </summary>
internal sealed class BootBundle(string bundleDir, string configDir, string? configPath = null)
{
    public const string DefaultDirectory = "/boot/firmware/edge-agent";
    public const string Checksums = BundleRules.Checksums;
    public const string Signature = BundleRules.Signature;
    public const string Images = BundleRules.Images;

    /// <summary>In the configuration directory: the SHA-256 of the SHA256SUMS last taken.</summary>
    public const string TakenRecord = ".bundle-taken";

    /// <summary>In the configuration directory: the SHA-256 of an images.tar not loaded yet.</summary>
    public const string PendingImagesRecord = ".bundle-images";

    private readonly string configFile = configPath ?? Path.Combine(configDir, BundleConfigCheck.ConfigFile);

    public string Directory => bundleDir;

    public string ConfigDirectory => configDir;

    /// <summary>Takes the bundle if there is a new one; null when there is none. Throws <see cref="BundleException"/>.</summary>
    public async Task<BundleOutcome?> TakeAsync(CancellationToken cancellationToken)
    {
        var sumsPath = Path.Combine(bundleDir, Checksums);
        if (!File.Exists(sumsPath) && new FileInfo(sumsPath).LinkTarget is null)
        {
            return null;
        }

        BundlePaths.CheckSeparate(bundleDir, configDir, "the configuration directory");
        BundlePaths.CheckPlainFile(sumsPath, Checksums);
        byte[] sums;
        try
        {
            sums = RegularFile.ReadAllBytes(sumsPath, BundleRules.MaxChecksumsBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BundleException($"{Checksums}: {ex.Message}", ex);
        }

        var id = Convert.ToHexStringLower(SHA256.HashData(sums));
        var takenPath = Path.Combine(configDir, TakenRecord);
        if (File.Exists(takenPath) && File.ReadAllText(takenPath).Trim() == id)
        {
            return null;
        }

        var entries = BundleEntry.Parse(Encoding.UTF8.GetString(sums));
        var trust = await DeviceTrust.ReadAsync(configFile, configDir, cancellationToken).ConfigureAwait(false);
        if (trust.StateDir is { } stateDir)
        {
            BundlePaths.CheckSeparate(bundleDir, stateDir, "stateDir");
        }

        trust.Authorise(sums, bundleDir);

        using (var staging = BundleStaging.Create(bundleDir, configDir))
        {
            foreach (var entry in entries)
            {
                if (entry.Name == Images)
                {
                    staging.Check(entry, BundleRules.MaxBytes(entry.Name));
                }
                else
                {
                    staging.Copy(entry, BundleRules.MaxBytes(entry.Name));
                }
            }

            await BundleConfigCheck.CheckAsync(staging, entries, configFile, configDir, bundleDir, cancellationToken).ConfigureAwait(false);
            staging.Commit([.. entries.Select(e => e.Name).Where(n => n != Images)]);
        }

        try
        {
            if (entries.FirstOrDefault(e => e.Name == Images) is { } images)
            {
                WriteAtomically(Path.Combine(configDir, PendingImagesRecord), Encoding.ASCII.GetBytes(images.Hash));
            }

            WriteAtomically(takenPath, Encoding.ASCII.GetBytes(id));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BundleException($"its files were replaced, but recording it failed ({ex.Message}): it is taken again at the next start", ex) { NothingApplied = false };
        }

        return new BundleOutcome([.. entries.Select(e => e.Name)], DeleteKeysFromCard(entries), trust.Root is not null);
    }

    /// <summary>The device key must not stay on a FAT partition anyone with the card can read; what cannot be deleted is reported, the bundle stays taken.</summary>
    private List<string> DeleteKeysFromCard(IReadOnlyList<BundleEntry> entries)
    {
        var warnings = new List<string>();
        foreach (var key in entries.Where(e => e.Name.EndsWith(".key", StringComparison.Ordinal)))
        {
            try
            {
                File.Delete(Path.Combine(bundleDir, key.Name));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                warnings.Add($"{key.Name} could not be deleted from {bundleDir} ({ex.Message}): delete it from the card by hand, it is the device's private key");
            }
        }

        return warnings;
    }

    private static void WriteAtomically(string path, byte[] content)
    {
        const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = Mode }))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
