using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Reconciliation;

/// <summary>
/// Counts, per app, the exits in a row of a container that should run, from what each pass observes
/// (a new end time is a new exit; Docker's own restarts count too), and turns them into
/// <see cref="RestartHold"/>s for the planner. Pure apart from the clock.
/// </summary>
public sealed class CrashLoopTracker(BackoffPolicy policy, TimeProvider time)
{
    private readonly Dictionary<string, AppCrashes> apps = new(StringComparer.Ordinal);

    private sealed record AppCrashes(int Crashes, DateTimeOffset? LastFinishedAt, long RestartCount, long? LastExitCode, string ContainerId);

    public void Observe(DesiredState desired, ObservedState observed)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        var now = time.GetUtcNow();
        foreach (var name in apps.Keys.Where(a => !desired.Apps.TryGetValue(a, out var app) || !app.Running).ToList())
        {
            apps.Remove(name); // no longer meant to run: nothing to back off
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
                // A new container starts with a clean slate, but one that has already exited counts.
                known = new AppCrashes(0, null, container.RestartCount, null, container.Id);
            }

            var crashes = known.Crashes;
            crashes += (int)Math.Clamp(container.RestartCount - known.RestartCount, 0, 1000); // Docker restarted it
            var exited = !container.Running && container.FinishedAt is { } finished && finished != known.LastFinishedAt;
            if (exited)
            {
                crashes++;
            }

            if (container.Running && container.StartedAt is { } started && now - started >= policy.ResetAfter)
            {
                crashes = 0;
            }

            apps[container.App] = new AppCrashes(crashes, container.FinishedAt ?? known.LastFinishedAt, container.RestartCount, container.ExitCode ?? known.LastExitCode, container.Id);
        }
    }

    /// <summary>The apps that may not be started yet, with why and until when.</summary>
    public IReadOnlyDictionary<string, RestartHold> Holds()
    {
        var now = time.GetUtcNow();
        var holds = new Dictionary<string, RestartHold>(StringComparer.Ordinal);
        foreach (var (app, crashes) in apps)
        {
            if (crashes.Crashes > 0 && crashes.LastFinishedAt is { } finished && finished + policy.Delay(crashes.Crashes) > now)
            {
                holds[app] = new RestartHold(finished + policy.Delay(crashes.Crashes), crashes.Crashes, crashes.LastExitCode);
            }
        }

        return holds;
    }

    /// <summary>Apps that exited <see cref="BackoffPolicy.CrashLoopAfter"/> times or more in a row and have not run cleanly since.</summary>
    public bool IsCrashLooping(string app) => apps.TryGetValue(app, out var crashes) && crashes.Crashes >= policy.CrashLoopAfter;
}
