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
/// boot partition, and the bundle remembered so that a reboot does not take it again. A power cut
/// during the moves is finished at the next start (<see cref="BundleStaging.Resume"/>). Its images
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

    /// <summary>Takes the bundle if there is a new one (or finishes one a power cut interrupted); null when there is none. Throws <see cref="BundleException"/>.</summary>
    public async Task<BundleOutcome?> TakeAsync(CancellationToken cancellationToken)
    {
        if (FinishInterrupted() is { } finished)
        {
            return finished; // a different bundle put on the card meanwhile is taken at the next start
        }

        if (ReadChecksums() is not { } sums)
        {
            return null;
        }

        var id = Convert.ToHexStringLower(SHA256.HashData(sums));
        if (Taken(id))
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

        using var staging = BundleStaging.Create(bundleDir, configDir);
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
        staging.KeepChecksums(sums);
        staging.Journal(id, trust.Root is not null);
        return Commit(staging, entries, id, trust.Root is not null, deleteKeys: true);
    }

    /// <summary>The card's SHA256SUMS, checked as a plain file within its size; null when the card has no bundle.</summary>
    private byte[]? ReadChecksums()
    {
        var sumsPath = Path.Combine(bundleDir, Checksums);
        if (!File.Exists(sumsPath) && new FileInfo(sumsPath).LinkTarget is null)
        {
            return null;
        }

        BundlePaths.CheckSeparate(bundleDir, configDir, "the configuration directory");
        BundlePaths.CheckPlainFile(sumsPath, Checksums);
        try
        {
            return RegularFile.ReadAllBytes(sumsPath, BundleRules.MaxChecksumsBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BundleException($"{Checksums}: {ex.Message}", ex);
        }
    }

    /// <summary>Whether the card still holds the bundle <paramref name="id"/> (only then are its keys deleted from it).</summary>
    private bool CardHolds(string id)
    {
        try
        {
            return ReadChecksums() is { } card && Convert.ToHexStringLower(SHA256.HashData(card)) == id;
        }
        catch (BundleException)
        {
            return false;
        }
    }

    private bool Taken(string id)
    {
        var takenPath = Path.Combine(configDir, TakenRecord);
        return File.Exists(takenPath) && File.ReadAllText(takenPath).Trim() == id;
    }

    /// <summary>A commit a power cut interrupted, finished from its staging directory: it was verified and authorised before its journal was written.</summary>
    private BundleOutcome? FinishInterrupted()
    {
        if (BundleStaging.Resume(bundleDir, configDir) is not var (staging, sums, id, signed))
        {
            return null;
        }

        using (staging)
        {
            var entries = BundleEntry.Parse(Encoding.UTF8.GetString(sums));
            return Commit(staging, entries, id, signed, deleteKeys: CardHolds(id));
        }
    }

    /// <summary>Moves the journaled staging into place, records the bundle as taken, and removes the journal; the key leaves the card last.</summary>
    private BundleOutcome Commit(BundleStaging staging, IReadOnlyList<BundleEntry> entries, string id, bool signed, bool deleteKeys)
    {
        staging.Commit([.. entries.Select(e => e.Name).Where(n => n != Images)]);
        try
        {
            if (entries.FirstOrDefault(e => e.Name == Images) is { } images)
            {
                ConfigRecord.Write(Path.Combine(configDir, PendingImagesRecord), Encoding.ASCII.GetBytes(images.Hash));
            }

            ConfigRecord.Write(Path.Combine(configDir, TakenRecord), Encoding.ASCII.GetBytes(id));
            staging.Finish();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BundleException($"its files were replaced, but recording it failed ({ex.Message}): it is recorded at the next start", ex) { NothingApplied = false };
        }

        return new BundleOutcome([.. entries.Select(e => e.Name)], deleteKeys ? DeleteKeysFromCard(entries) : [], signed);
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
}
