using EdgeAgent.Core.Ports;
using EdgeAgent.Core.Reconciliation;

namespace EdgeAgent.Hosting;

/// <summary>
/// The last admitted manifest, persisted atomically in stateDir. The agent starts from it, so a
/// reboot with a missing or refused manifest keeps the device running what it ran before.
/// </summary>
internal sealed class LastKnownGood(IStateStore state, ManifestGate gate)
{
    public const string Document = "last-known-good.json";

    public Task SaveAsync(byte[] manifest, CancellationToken cancellationToken) =>
        state.WriteAsync(Document, manifest, cancellationToken);

    /// <summary>Re-admitted under the current policy: a policy tightened since then still applies.</summary>
    public async Task<AdmissionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var bytes = await state.ReadAsync(Document, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : gate.Admit(bytes);
    }
}
