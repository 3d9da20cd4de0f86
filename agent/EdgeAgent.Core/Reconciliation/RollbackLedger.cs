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

    private readonly PersistedDocument<Dictionary<string, RollbackRecord>> document = new(
        state, Document, RollbackJsonContext.Default.DictionaryStringRollbackRecord, r => r.Values.All(v => v is not null), "a version that failed its probation may be tried once more");
    private Dictionary<string, RollbackRecord> apps = new(StringComparer.Ordinal);

    /// <summary>Reads the records of an earlier run, once; lost records mean a failed version may be tried once more. Returns why the document was set aside, if it was.</summary>
    public async Task<string?> RestoreAsync(CancellationToken cancellationToken)
    {
        var read = await document.RestoreAsync(cancellationToken).ConfigureAwait(false);
        if (read.Value is { } stored)
        {
            apps = new Dictionary<string, RollbackRecord>(stored, StringComparer.Ordinal);
        }

        return read.SetAside;
    }

    /// <summary>Writes the records when they changed since the last write.</summary>
    public Task PersistAsync(CancellationToken cancellationToken) => document.PersistAsync(apps, cancellationToken);

    /// <summary>Forgets records the desired state has moved past, and records this pass's failures.</summary>
    public void Update(DesiredState desired, IReadOnlyDictionary<string, string> failed)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(failed);
        foreach (var name in apps.Keys.Where(a => !Holds(desired, a, apps[a])).ToList())
        {
            if (apps.Remove(name))
            {
                document.Changed();
            }
        }

        foreach (var (name, reason) in failed)
        {
            var app = desired.Apps[name];
            if (apps.TryGetValue(name, out var known) && Holds(desired, name, known))
            {
                continue; // judged again while its rollback is under way: the first reason stands
            }

            apps[name] = new RollbackRecord(app.SpecHash, app.Update.ManifestVersion, reason, time.GetUtcNow());
            document.Changed();
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
