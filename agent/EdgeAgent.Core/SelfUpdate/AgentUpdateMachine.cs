using System.Globalization;
using EdgeAgent.Core.Reporting;

namespace EdgeAgent.Core.SelfUpdate;

/// <summary>
/// Pure: the agent's update of itself as a state machine. Given the state, what happened and the
/// time, it returns the next state and the steps the daemon performs, in order. At start the daemon
/// feeds release.json, the guard's note and the probation ticket; after each pass the pass; and how
/// staging ended. The release the desired state names is decided by <see cref="AgentUpdatePlanner"/>.
/// </summary>
public sealed class AgentUpdateMachine(string running, string architecture)
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan LastRetry = TimeSpan.FromHours(6);
    public static readonly TimeSpan ProbationRecheck = TimeSpan.FromSeconds(1);

    public AgentUpdateTransition Next(AgentUpdateState state, AgentUpdateEvent happened, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return (state.Phase, happened) switch
        {
            (_, ReleaseStateLoaded loaded) => new(state with { Remembered = loaded.State }, loaded.State.Last is { } last ? [new ShowLastOutcome(last)] : []),
            (_, GuardNoteFound note) => RolledBack(state, note, now),
            (_, ProbationTicketFound { Started: true } ticket) when SameVersion(ticket.Version, running) =>
                new(state with { Phase = new AgentUpdateProbation(ticket.Version, ticket.From) }, [new ServeProbation(ticket.Version, ticket.Seconds, ticket.From)]),
            // Passed, but stopped between removing the ticket and recording it.
            (_, NoProbationTicket) when state.Remembered.Last is { Result: AgentUpdateResult.Installing } installing && SameVersion(installing.Version, running) =>
                Passed(state with { Phase = AgentUpdateIdle.Instance }, installing.From, [], now),
            (_, StepFailed failed) => new(state with { Phase = failed.Before }, []),
            (AgentUpdateProbation probation, PassEnded pass) => Judge(state, probation, pass, now),
            (AgentUpdateIdle, PassEnded pass) => Decide(state, pass, now),
            (AgentUpdateStaging staging, StagingSucceeded staged) => Swap(state, staging.Release, staged, now),
            (AgentUpdateStaging staging, StagingFailed failed) => Retry(state, staging.Release, failed.Reason, now),
            (AgentUpdateStaging, StagingCancelled) => new(state with { Phase = AgentUpdateIdle.Instance }, []),
            _ => new(state, []), // swapped and stopping, a pass while staging, a stale or foreign ticket
        };
    }

    private AgentUpdateTransition Decide(AgentUpdateState state, PassEnded pass, DateTimeOffset now)
    {
        var decision = AgentUpdatePlanner.Decide(pass.Release, running, architecture, state.Remembered);
        if (decision.Action == AgentUpdateAction.Refuse)
        {
            return Report(state, decision.Version, running, AgentUpdateResult.Refused, decision.Reason, [], now);
        }

        if (decision.Action != AgentUpdateAction.Install)
        {
            return new(state, []);
        }

        if (pass.CannotSwap is { } why)
        {
            return Report(state, decision.Version, running, AgentUpdateResult.Refused, why, [], now);
        }

        if (state.Retry is { } retry && retry.Version == decision.Version && now < retry.At)
        {
            return new(state, []); // it failed to stage a moment ago: wait out the backoff
        }

        return new(state with { Phase = new AgentUpdateStaging(decision) }, [new StageRelease(decision)]);
    }

    private AgentUpdateTransition Swap(AgentUpdateState state, AgentUpdateDecision wanted, StagingSucceeded staged, DateTimeOffset now)
    {
        var idle = state with { Phase = AgentUpdateIdle.Instance };
        var still = AgentUpdatePlanner.Decide(staged.Release, running, architecture, state.Remembered);
        if (still.Action != AgentUpdateAction.Install || still.Version != wanted.Version || still.Sha256 != wanted.Sha256)
        {
            return new(idle, []); // the desired release changed while this one was staged: the next pass decides again
        }

        // Ticket first, then the link: a stop in between leaves the old agent current and a stale ticket the guard discards.
        var reported = Report(
            state with { Phase = new AgentUpdateSwapped(wanted.Version) },
            wanted.Version,
            running,
            AgentUpdateResult.Installing,
            null,
            [new WriteProbationTicket(wanted, staged.Binary), new SwitchCurrent(wanted, staged.Binary)],
            now);
        return new(reported.State, [.. reported.Steps, new PublishStatus(), new StopAgent()]);
    }

    private AgentUpdateTransition Retry(AgentUpdateState state, AgentUpdateDecision wanted, string reason, DateTimeOffset now)
    {
        var failures = state.Retry is { } retry && retry.Version == wanted.Version ? retry.Failures + 1 : 1;
        var wait = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, FirstRetry.Ticks << Math.Min(failures - 1, 8)));
        var next = state with { Phase = AgentUpdateIdle.Instance, Retry = new AgentUpdateRetry(wanted.Version, now + wait, failures) };
        var why = string.Create(CultureInfo.InvariantCulture, $"{reason} (tried again in {wait.TotalMinutes:0} min)");
        return Report(next, wanted.Version, running, AgentUpdateResult.Failed, why, [], now);
    }

    /// <summary>Ready, connected (when a broker is configured) and a pass completed, in any order.</summary>
    private AgentUpdateTransition Judge(AgentUpdateState state, AgentUpdateProbation probation, PassEnded pass, DateTimeOffset now)
    {
        var passedOnce = probation.PassedOnce || pass.Completed;
        if (passedOnce && pass.Connected && pass.Ready)
        {
            // The ticket goes first: from then on the guard leaves this agent alone, whatever happens next.
            return Passed(state with { Phase = AgentUpdateIdle.Instance }, probation.From, [new DeleteProbationTicket()], now);
        }

        if (probation.RecheckAt is { } due && now < due)
        {
            return new(state with { Phase = new AgentUpdateProbation(probation.Version, probation.From, passedOnce, due) }, []); // one recheck at a time
        }

        return new(
            state with { Phase = new AgentUpdateProbation(probation.Version, probation.From, passedOnce, now + ProbationRecheck) },
            [new ScheduleRecheck(ProbationRecheck)]);
    }

    private AgentUpdateTransition Passed(AgentUpdateState state, string from, AgentUpdateStep[] before, DateTimeOffset now)
    {
        var remembered = state.Remembered;
        if (!ReleaseVersion.TryParse(remembered.Floor, out var floor) || (ReleaseVersion.TryParse(running, out var version) && version > floor))
        {
            remembered = Copy(remembered, floor: running);
        }

        return Report(state with { Remembered = remembered }, running, from, AgentUpdateResult.Updated, null, [.. before, new DeleteOtherReleases()], now);
    }

    /// <summary>The guard restored this agent: the release it had swapped in is not tried again.</summary>
    private AgentUpdateTransition RolledBack(AgentUpdateState state, GuardNoteFound note, DateTimeOffset now)
    {
        AgentUpdateStep[] recorded = [];
        if (note.Version.Length > 0)
        {
            var outcome = new AgentUpdateOutcome { Version = note.Version, From = running, Result = AgentUpdateResult.RolledBack, Reason = note.Reason, At = note.At ?? now };
            var failed = new Dictionary<string, string>(state.Remembered.Failed, StringComparer.Ordinal) { [note.Version] = note.Reason };
            state = state with { Remembered = Copy(state.Remembered, failed: failed, last: outcome) };
            recorded = [new SaveReleaseState(state.Remembered), new ReportOutcome(outcome)];
        }

        return new(state, [.. recorded, new DeleteGuardNote(), new DeleteOtherReleases()]);
    }

    /// <summary>Records and reports an outcome, once: the same refusal on every pass is one event.</summary>
    private static AgentUpdateTransition Report(
        AgentUpdateState state, string version, string from, AgentUpdateResult result, string? reason, AgentUpdateStep[] before, DateTimeOffset now)
    {
        var last = state.Remembered.Last;
        if (last is not null && last.Version == version && (last.Result, last.Reason) == (result, reason))
        {
            return new(state, before);
        }

        if (result == AgentUpdateResult.Refused && last is { Result: AgentUpdateResult.RolledBack } && last.Version == version)
        {
            return new(state, before); // the rollback is the news; refusing to retry that release is its consequence
        }

        var outcome = new AgentUpdateOutcome { Version = version, From = from, Result = result, Reason = reason, At = now };
        var remembered = Copy(state.Remembered, last: outcome);
        return new(state with { Remembered = remembered }, [.. before, new SaveReleaseState(remembered), new ReportOutcome(outcome)]);
    }

    /// <summary>A changed copy: the state handed in is never changed, so that every transition stays a value.</summary>
    private static AgentReleaseState Copy(AgentReleaseState state, string? floor = null, Dictionary<string, string>? failed = null, AgentUpdateOutcome? last = null) => new()
    {
        Floor = floor ?? state.Floor,
        Failed = failed ?? new Dictionary<string, string>(state.Failed, StringComparer.Ordinal),
        Last = last ?? state.Last,
    };

    private static bool SameVersion(string a, string b) =>
        ReleaseVersion.TryParse(a, out var left) && ReleaseVersion.TryParse(b, out var right) && left.CompareTo(right) == 0;
}
