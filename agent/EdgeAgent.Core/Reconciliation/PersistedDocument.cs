using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EdgeAgent.Core.Abstractions;

namespace EdgeAgent.Core.Reconciliation;

/// <summary>
/// A small document of the agent's own bookkeeping in the state store (crash counts, rollbacks,
/// pulled images): read once, written only after a change, a damaged one read as absent, and a
/// failed write (a full or read-only disk) tried again on the next pass instead of stopping it.
/// </summary>
internal sealed class PersistedDocument<T>(IStateStore? state, string name, JsonTypeInfo<T> type)
    where T : class
{
    private bool restored;
    private bool dirty;

    /// <summary>Something changed that the next <see cref="PersistAsync"/> writes.</summary>
    public void Changed() => dirty = true;

    /// <summary>The stored value on the first call; null afterwards, or when there is none or it is damaged.</summary>
    public async Task<T?> RestoreAsync(CancellationToken cancellationToken)
    {
        if (restored || state is null)
        {
            restored = true;
            return null;
        }

        var bytes = await state.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        restored = true;
        if (bytes is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, type);
        }
        catch (JsonException)
        {
            return null;
        }
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
