using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EdgeAgent.Core.Abstractions;

namespace EdgeAgent.Core.Reconciliation;

/// <summary>
/// A small document of the agent's own bookkeeping in the state store (crash counts, rollbacks,
/// pulled images): read once through <see cref="StateDocuments"/> (an unusable one is set aside and
/// read as absent), written only after a change, and a failed write (a full or read-only disk) tried
/// again on the next pass instead of stopping it.
/// </summary>
internal sealed class PersistedDocument<T>(IStateStore? state, string name, JsonTypeInfo<T> type, Func<T, bool> complete, string loss)
    where T : class
{
    private bool restored;
    private bool dirty;

    /// <summary>Something changed that the next <see cref="PersistAsync"/> writes.</summary>
    public void Changed() => dirty = true;

    /// <summary>The stored value on the first call; null afterwards, or when there is none or it was set aside (then with why).</summary>
    public async Task<StateDocumentRead<T>> RestoreAsync(CancellationToken cancellationToken)
    {
        if (restored || state is null)
        {
            restored = true;
            return new StateDocumentRead<T>(null, null);
        }

        var read = await StateDocuments.ReadAsync(state, name, type, complete, loss, cancellationToken).ConfigureAwait(false);
        restored = true;
        if (read.SetAside is not null)
        {
            dirty = true; // written afresh on the next persist
        }

        return read;
    }

    public async Task PersistAsync(T value, CancellationToken cancellationToken)
    {
        if (state is null || !dirty)
        {
            return; // a steady device writes (and serialises) nothing
        }

        try
        {
            await state.WriteAsync(name, JsonSerializer.SerializeToUtf8Bytes(value, type), cancellationToken).ConfigureAwait(false);
            dirty = false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The next pass writes again.
        }
    }
}
