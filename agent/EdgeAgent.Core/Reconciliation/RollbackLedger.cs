using System.Text.Json;
using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Desired;

namespace EdgeAgent.Core.Reconciliation;

/// <summary>
/// The app versions that were rolled back, kept in the state store before the rollback's first step
/// runs: an agent killed halfway finishes the rollback on restart instead of trying the failed version
/// again. A record holds while the desired app is the same version of the same manifest; a newer
/// manifest version (or a different definition) is tried.
/// </summary>
public sealed class RollbackLedger(TimeProvider time, IStateStore? state = null)
{
    public const string Document = "rollbacks.json";

    private Dictionary<string, RollbackRecord> apps = new(StringComparer.Ordinal);
    private bool restored;
    private bool dirty;

    /// <summary>Reads the records of an earlier run, once; a damaged document starts clean.</summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        if (restored || state is null)
        {
            restored = true;
            return;
        }

        var bytes = await state.ReadAsync(Document, cancellationToken).ConfigureAwait(false);
        restored = true;
        if (bytes is not { Length: > 0 })
        {
            return;
        }

        try
        {
            apps = new Dictionary<string, RollbackRecord>(JsonSerializer.Deserialize(bytes, RollbackJsonContext.Default.DictionaryStringRollbackRecord) ?? [], StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            // Lost records mean a failed version may be tried once more, and fail its probation again.
        }
    }

    /// <summary>Writes the records when they changed since the last write.</summary>
    public async Task PersistAsync(CancellationToken cancellationToken)
    {
        if (state is null || !dirty)
        {
            return;
        }

        try
        {
            await state.WriteAsync(Document, JsonSerializer.SerializeToUtf8Bytes(apps, RollbackJsonContext.Default.DictionaryStringRollbackRecord), cancellationToken).ConfigureAwait(false);
            dirty = false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A full or read-only disk must not stop reconciling; the next pass writes again.
        }
    }

    /// <summary>Forgets records the desired state has moved past, and records this pass's failures.</summary>
    public void Update(DesiredState desired, IReadOnlyDictionary<string, string> failed)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(failed);
        foreach (var name in apps.Keys.Where(a => !Holds(desired, a, apps[a])).ToList())
        {
            dirty |= apps.Remove(name);
        }

        foreach (var (name, reason) in failed)
        {
            var app = desired.Apps[name];
            if (apps.TryGetValue(name, out var known) && Holds(desired, name, known))
            {
                continue; // judged again while its rollback is under way: the first reason stands
            }

            apps[name] = new RollbackRecord(app.SpecHash, app.Update.ManifestVersion, reason, time.GetUtcNow());
            dirty = true;
        }
    }

    /// <summary>The apps held at their previous version: app -> the record (with the failed spec hash).</summary>
    public IReadOnlyDictionary<string, RollbackRecord> RolledBack(DesiredState desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return apps.Where(a => Holds(desired, a.Key, a.Value)).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
    }

    private static bool Holds(DesiredState desired, string name, RollbackRecord record) =>
        desired.Apps.TryGetValue(name, out var app) && app.SpecHash == record.SpecHash && app.Update.ManifestVersion <= record.ManifestVersion;
}
