using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Reconciliation;

/// <summary>
/// Counts, per app, the exits in a row of a container that should run, from what each pass observes
/// (a new end time is a new exit; Docker's own restarts count too), and turns them into
/// <see cref="RestartHold"/>s for the planner. The counts are kept in the state store, so that a
/// restart of the agent or a reboot of the device does not make a crashing app look healthy.
/// </summary>
public sealed class CrashLoopTracker(BackoffPolicy policy, TimeProvider time, IStateStore? state = null)
{
    public const string Document = "crash-loops.json";

    private readonly PersistedDocument<Dictionary<string, CrashRecord>> document = new(
        state, Document, CrashLoopJsonContext.Default.DictionaryStringCrashRecord, r => r.Values.All(c => c is not null), "crash-loop counts start over");
    private Dictionary<string, CrashRecord> apps = new(StringComparer.Ordinal);

    /// <summary>Reads the counts kept by an earlier run, once; an unusable document is set aside and the counts start clean (only a backoff is lost): returns why, then.</summary>
    public async Task<string?> RestoreAsync(CancellationToken cancellationToken)
    {
        var read = await document.RestoreAsync(cancellationToken).ConfigureAwait(false);
        if (read.Value is { } stored)
        {
            apps = new Dictionary<string, CrashRecord>(stored, StringComparer.Ordinal);
        }

        return read.SetAside;
    }

    /// <summary>Writes the counts when they changed since the last write.</summary>
    public Task PersistAsync(CancellationToken cancellationToken) => document.PersistAsync(apps, cancellationToken);

    public void Observe(DesiredState desired, ObservedState observed)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        var now = time.GetUtcNow();
        foreach (var name in apps.Keys.Where(a => !desired.Apps.TryGetValue(a, out var app) || !app.Running).ToList())
        {
            if (apps.Remove(name))
            {
                document.Changed(); // no longer meant to run: nothing to back off
            }
        }

        foreach (var container in observed.Containers)
        {
            if (!desired.Apps.TryGetValue(container.App, out var app) || !app.Running || container.SpecHash != app.SpecHash)
            {
                continue;
            }

            var known = apps.GetValueOrDefault(container.App);
            if (known is null || known.ContainerId != container.Id)
            {
                // A container seen for the first time starts with a clean slate: a running one's last
                // end time is history, an exited one's is an exit to count.
                known = new CrashRecord(0, container.Running ? container.FinishedAt : null, container.RestartCount, null, container.Id);
            }

            // A run ended when its end time moved, whatever the state says (the list Docker answers
            // can lag the inspection by the few milliseconds a crashing app lives). Docker's own
            // restarts end runs too; counted once, not twice, when both are seen.
            var ended = container.FinishedAt is { } finished && finished != known.LastFinishedAt ? 1 : 0;
            var restarted = (int)Math.Clamp(container.RestartCount - known.RestartCount, 0, 1000);
            var longRun = ended == 1 && container.StartedAt is { } runStart && container.FinishedAt - runStart >= policy.LongRun;
            var crashes = (longRun ? 0 : known.Crashes) + Math.Max(ended, restarted);

            if (container.Running && container.StartedAt is { } started && now - started >= policy.ResetAfter)
            {
                crashes = 0;
            }

            var next = new CrashRecord(crashes, container.FinishedAt ?? known.LastFinishedAt, container.RestartCount, container.ExitCode ?? known.LastExitCode, container.Id);
            if (next != apps.GetValueOrDefault(container.App))
            {
                apps[container.App] = next;
                document.Changed();
            }
        }
    }

    /// <summary>The apps that may not be started yet, with why and until when.</summary>
    public IReadOnlyDictionary<string, RestartHold> Holds()
    {
        var now = time.GetUtcNow();
        var holds = new Dictionary<string, RestartHold>(StringComparer.Ordinal);
        foreach (var (app, crashes) in apps)
        {
            var delay = policy.Delay(crashes.Crashes);
            if (delay > TimeSpan.Zero && crashes.LastFinishedAt + delay is { } until && until > now)
            {
                holds[app] = new RestartHold(until, crashes.Crashes, crashes.LastExitCode);
            }
        }

        return holds;
    }

    /// <summary>How many times in a row the app's runs ended (0 when unknown).</summary>
    public int Crashes(string app) => apps.TryGetValue(app, out var crashes) ? crashes.Crashes : 0;

    /// <summary>Apps that exited <see cref="BackoffPolicy.CrashLoopAfter"/> times or more in a row and have not run cleanly since.</summary>
    public bool IsCrashLooping(string app) => apps.TryGetValue(app, out var crashes) && crashes.Crashes >= policy.CrashLoopAfter;
}
