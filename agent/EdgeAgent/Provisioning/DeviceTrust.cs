using EdgeAgent.Configuration;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.State;
using EdgeAgent.Trust;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAgent.Provisioning;

/// <summary>What the device trusts before a bundle is taken: read from its current configuration, changing nothing.</summary>
internal sealed class DeviceTrust(RootDocument? root, string? stateDir)
{
    public RootDocument? Root { get; } = root;
    public string? StateDir { get; } = stateDir;

    /// <summary>
    /// The root the device trusts now (its stored trust state, else its trustRoot file) and its stateDir;
    /// when the current configuration cannot be read (the package's placeholder before the first bundle),
    /// the root.json beside it, and no stateDir. A null root: the device was never provisioned.
    /// </summary>
    public static async Task<DeviceTrust> ReadAsync(string configPath, string configDir, CancellationToken cancellationToken)
    {
        string? stateDir = null;
        var trustRoot = Path.Combine(configDir, "root.json");
        if (File.Exists(configPath))
        {
            try
            {
                var current = AgentConfiguration.Load(configPath);
                (stateDir, trustRoot) = (current.StateDir, current.TrustRoot);
            }
            catch (ConfigurationException)
            {
                // Not a configuration the agent can run with: what stands is the root file beside it.
            }
        }

        var store = new TrustStore(stateDir is null ? new NoStateStore() : new FileStateStore(stateDir, TimeProvider.System), new TrustRootFile(trustRoot), TimeProvider.System, NullLogger<TrustStore>.Instance);
        try
        {
            return new DeviceTrust(await store.TrustedRootAsync(cancellationToken).ConfigureAwait(false), stateDir);
        }
        catch (TrustException ex)
        {
            throw new BundleException(
                $"the device's trust state does not verify ({ex.Message}), so which root may re-provision it is unknown (the agent would not start on it either): restore {Path.Combine(stateDir ?? "stateDir", TrustStore.Document)}, or knowingly move it away (the device then trusts its trustRoot file again and forgets its rotations and version floors) and restart", ex);
        }
    }

    /// <summary>
    /// Throws unless the bundle may replace what the device has: any bundle when it trusts no root yet
    /// (first boot); otherwise only one whose SHA256SUMS is signed (SHA256SUMS.dsse.json) by a threshold
    /// of the trusted root's root keys. Whoever can write the card cannot re-provision the device.
    /// </summary>
    public void Authorise(byte[] sums, string bundleDir)
    {
        if (Root is null)
        {
            return;
        }

        var path = Path.Combine(bundleDir, BootBundle.Signature);
        var howTo = $"this device trusts root v{Root.Version}, so a new bundle must be signed by that root's keys (edgectl device provision --sign-key ROOT-KEY)";
        if (!File.Exists(path) && new FileInfo(path).LinkTarget is null)
        {
            throw new BundleException($"{BootBundle.Signature} is missing: {howTo}");
        }

        BundlePaths.CheckPlainFile(path, BootBundle.Signature);
        byte[] payload;
        try
        {
            payload = EnvelopeVerifier.Verify(Shared.RegularFile.ReadAllBytes(path, EnvelopeVerifier.MaxEnvelopeBytes), PayloadTypes.Bundle, Root, RootDocument.RootRole);
        }
        catch (TrustException ex)
        {
            throw new BundleException($"{BootBundle.Signature} does not authorise the bundle ({ex.Reason.Code()}: {ex.Message}): {howTo}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BundleException($"{BootBundle.Signature}: {ex.Message}", ex);
        }

        if (!payload.AsSpan().SequenceEqual(sums))
        {
            throw new BundleException($"{BootBundle.Signature} signs another SHA256SUMS than the one in the bundle (files of two bundles mixed): copy the bundle again");
        }
    }
}
