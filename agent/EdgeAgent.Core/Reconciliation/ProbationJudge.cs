using System.Globalization;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Reconciliation;

/// <summary>
/// Pure: judges each app whose previous version is kept (<see cref="PreviousVersion"/>) from what
/// Docker reports of its new container. The new version fails when it exits, is restarted, reports
/// unhealthy, or is not healthy when the probation ends; it passes when it ran the whole probation
/// (and is healthy, when it has a healthcheck). Everything needed is on the containers themselves,
/// so a restarted agent judges the same way. In an atomic update the manifest's apps are judged as one:
/// one failure fails them all, and no app lets its previous version go until every app of it passed,
/// including one not replaced yet (its old container still under its name, or none: a rename or a
/// create that Docker has not done yet), so no timing lets one app's previous version go early.
/// </summary>
public static class ProbationJudge
{
    /// <summary>The longest health output quoted in a reason.</summary>
    public const int HealthTailChars = 300;

    public static ProbationVerdicts Judge(DesiredState desired, ObservedState observed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        var passed = new HashSet<string>(StringComparer.Ordinal);
        var inProgress = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);

        var pending = new List<DesiredApp>();
        foreach (var app in desired.Apps.Values.Where(a => a.Update.HasProbation))
        {
            var containers = observed.Containers.Where(c => c.App == app.Name).ToList();
            if (!containers.Any(PreviousVersion.Is))
            {
                if (app.Running && containers.Count > 0 && !containers.Any(c => c.Name == app.Name && c.SpecHash == app.SpecHash))
                {
                    pending.Add(app); // its update has not begun (or began and stalled): part of an atomic one under way
                }

                continue;
            }

            if (!app.Running)
            {
                passed.Add(app.Name); // not meant to run: nothing to judge, nothing to keep
                continue;
            }

            var candidate = containers.FirstOrDefault(c => c.Name == app.Name && c.SpecHash == app.SpecHash);
            if (candidate is null)
            {
                inProgress[app.Name] = null; // being replaced: the planner carries on
                continue;
            }

            if (Failure(candidate) is { } reason)
            {
                failed[app.Name] = reason;
            }
            else if (candidate.StartedAt is not { } started || (!candidate.Running && candidate.FinishedAt is null))
            {
                inProgress[app.Name] = null; // created, not started yet
            }
            else if (now - started < app.Update.Probation)
            {
                inProgress[app.Name] = started + app.Update.Probation;
            }
            else if (candidate.Health is { } health && health != "healthy")
            {
                failed[app.Name] = $"not healthy when its probation of {Seconds(app.Update.Probation)} s ended (health: {health}){Tail(candidate)}";
            }
            else
            {
                passed.Add(app.Name);
            }
        }

        Atomically(desired, pending, failed, passed, inProgress);
        return new ProbationVerdicts { Failed = failed, Passed = passed, InProgress = inProgress };
    }

    /// <summary>Why the new version already failed, or null while it holds up.</summary>
    private static string? Failure(ObservedContainer candidate)
    {
        var exit = candidate.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown";
        if (candidate.RestartCount > 0)
        {
            return $"restarted {candidate.RestartCount} time(s) during its probation (last exit code {exit})";
        }

        if (!candidate.Running && candidate.FinishedAt is not null)
        {
            return $"exited with code {exit} during its probation";
        }

        return candidate.Health == "unhealthy" ? "unhealthy during its probation" + Tail(candidate) : null;
    }

    private static string Tail(ObservedContainer candidate)
    {
        if (candidate.HealthLog is not { Length: > 0 } log)
        {
            return "";
        }

        var text = log.Trim().ReplaceLineEndings(" ");
        return ": " + (text.Length <= HealthTailChars ? text : "..." + text[^HealthTailChars..]);
    }

    private static void Atomically(DesiredState desired, List<DesiredApp> pending, Dictionary<string, string> failed, HashSet<string> passed, Dictionary<string, DateTimeOffset?> inProgress)
    {
        bool Judged(string app) => failed.ContainsKey(app) || passed.Contains(app) || inProgress.ContainsKey(app);
        var stillToReplace = pending.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var units = desired.Apps.Values
            .Where(a => a.Update.AtomicUnit is not null)
            .GroupBy(a => a.Update.AtomicUnit!, StringComparer.Ordinal);
        foreach (var unit in units)
        {
            // A unit none of whose apps is judged has no update under way.
            var members = unit.Select(a => a.Name).Where(m => Judged(m) || stillToReplace.Contains(m)).Order(StringComparer.Ordinal).ToList();
            if (!members.Any(Judged))
            {
                continue;
            }

            // An app still to be replaced holds its unit while another app of it is being judged.
            foreach (var member in members.Where(stillToReplace.Contains))
            {
                inProgress[member] = null;
            }

            if (members.FirstOrDefault(failed.ContainsKey) is { } first)
            {
                foreach (var member in members.Where(m => !failed.ContainsKey(m)))
                {
                    failed[member] = $"rolled back with {first} (atomic update of {unit.Key}): {failed[first]}";
                    passed.Remove(member);
                    inProgress.Remove(member);
                }
            }
            else if (members.FirstOrDefault(inProgress.ContainsKey) is { } waiting)
            {
                foreach (var member in members.Where(passed.Contains))
                {
                    passed.Remove(member); // its previous version is kept until the whole update passed
                    inProgress[member] = inProgress[waiting];
                }
            }
        }
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
}
