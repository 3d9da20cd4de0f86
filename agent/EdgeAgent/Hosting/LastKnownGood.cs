using EdgeAgent.Core.Ports;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Core.Trust;
using EdgeAgent.Trust;

namespace EdgeAgent.Hosting;

/// <summary>
/// The last admitted manifest, persisted in stateDir. The agent starts from it, so a reboot with
/// a missing or refused manifest keeps the device running what it ran before. Signed manifests live
/// in the trust state (written atomically with their version floor); development-only unsigned
/// manifests in their own document.
/// </summary>
internal sealed class LastKnownGood(IStateStore state, ManifestGate gate, TrustStore trust)
{
    public const string UnsignedDocument = "last-known-good.json";

    public Task SaveAsync(byte[] unsignedManifest, CancellationToken cancellationToken) =>
        state.WriteAsync(UnsignedDocument, unsignedManifest, cancellationToken);

    /// <summary>
    /// Re-admitted under the current policy (a policy tightened since then still applies); signed
    /// content was verified when it was accepted and is not re-checked for expiry: an offline
    /// device keeps running its last good state.
    /// </summary>
    public async Task<AdmissionResult?> LoadAsync(string? stream, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, byte[]> signed;
        try
        {
            signed = await trust.LastKnownGoodAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TrustException)
        {
            signed = new Dictionary<string, byte[]>();
        }

        var payload = stream is not null && signed.TryGetValue(stream, out var own) ? own
            : signed.Count == 1 ? signed.Values.Single()
            : await state.ReadAsync(UnsignedDocument, cancellationToken).ConfigureAwait(false);
        return payload is null ? null : gate.Admit(payload);
    }
}
