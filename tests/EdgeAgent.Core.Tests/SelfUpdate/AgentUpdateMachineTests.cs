using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Core.SelfUpdate;

namespace EdgeAgent.Core.Tests.SelfUpdate;

/// <summary>
/// Transition table of the self-update machine: every path tests/e2e/self-update.sh drives on a real
/// device (staged, installing, probation passed, refused, failed to stage, rolled back by the guard,
/// not tried again), and the restarts in the middle of them.
/// </summary>
public sealed class AgentUpdateMachineTests
{
    private const string Packaged = "0.1.0";
    private const string Good = "0.1.1";
    private const string Bad = "0.1.2";
    private const string Binary = "/var/lib/edge-agent/agent/releases/0.1.1/edge-agent";
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Sha = new('c', 64);

    private static AgentReleaseSpec Release(string version, string arch = "amd64", string? sha = null) => new()
    {
        Version = version,
        Images = new Dictionary<string, string> { [arch] = $"registry.example/agent-release@sha256:{new string('b', 64)}" },
        Sha256 = new Dictionary<string, string> { [arch] = sha ?? Sha },
        ProbationSeconds = 20,
    };

    private static AgentUpdateDecision Decision(string version) =>
        AgentUpdatePlanner.Decide(Release(version), Packaged, "amd64", new AgentReleaseState());

    private static PassEnded Pass(AgentReleaseSpec? release, bool completed = true, bool ready = true, bool connected = true, string? cannotSwap = null) =>
        new(release, completed, ready, connected, cannotSwap);

    private static AgentUpdateOutcome Outcome(string version, string from, AgentUpdateResult result, string? reason = null) =>
        new() { Version = version, From = from, Result = result, Reason = reason, At = Now.AddHours(-1) };

    private static AgentUpdateState Remembering(AgentUpdatePhase phase, AgentUpdateOutcome? last = null, string? failed = null, string? floor = null) =>
        new(phase, new AgentReleaseState
        {
            Floor = floor,
            Last = last,
            Failed = failed is null ? new(StringComparer.Ordinal) : new(StringComparer.Ordinal) { [failed] = "exited with status 70" },
        });

    private static readonly AgentUpdateState Fresh = AgentUpdateState.Initial;
    private static readonly AgentUpdateState Staging = Fresh with { Phase = new AgentUpdateStaging(Decision(Good)) };
    private static readonly AgentUpdateState Installing = Remembering(AgentUpdateIdle.Instance, Outcome(Good, Packaged, AgentUpdateResult.Installing));
    private static readonly AgentUpdateState RolledBackBefore = Remembering(AgentUpdateIdle.Instance, Outcome(Bad, Good, AgentUpdateResult.RolledBack, "exited with status 70"), failed: Bad);

    /// <summary>Running: the version of the agent the machine runs in; the events fed <c>Spacing</c> seconds apart.</summary>
    public sealed record MachineCase(string Name, string Running, AgentUpdateState Given, AgentUpdateEvent[] Events, string Phase, string[] Steps, int Spacing = 0)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<MachineCase> Cases() => new()
    {
        // The good release: staged, swapped in, reported installing; the agent stops.
        new("no release named: nothing", Packaged, Fresh, [Pass(null)], "idle", []),
        new("the running release: nothing", Packaged, Fresh, [Pass(Release(Packaged))], "idle", []),
        new("a newer release: staged in the background", Packaged, Fresh, [Pass(Release(Good))], $"staging {Good}", [$"stage {Good}"]),
        new("passes while it stages: nothing", Packaged, Staging, [Pass(Release(Good)), Pass(Release(Good), completed: false)], $"staging {Good}", []),
        new("staged: ticket, then link, installing reported, status out, stop", Packaged, Staging, [new StagingSucceeded(Release(Good), Binary)], $"swapped {Good}",
            [$"write ticket {Good}", $"switch current to {Binary}", "save", $"report Installing {Good} from {Packaged}", "publish status", "stop"]),
        new("swapped: later passes do nothing while it stops", Packaged, Staging, [new StagingSucceeded(Release(Good), Binary), Pass(Release(Bad))], $"swapped {Good}",
            [$"write ticket {Good}", $"switch current to {Binary}", "save", $"report Installing {Good} from {Packaged}", "publish status", "stop"]),
        new("the desired release changed while staging: not swapped, decided again", Packaged, Staging, [new StagingSucceeded(Release(Bad), Binary), Pass(Release(Bad))], $"staging {Bad}", [$"stage {Bad}"]),
        new("the release withdrawn while staging: not swapped", Packaged, Staging, [new StagingSucceeded(null, Binary)], "idle", []),
        new("the same version with another SHA-256 while staging: not swapped", Packaged, Staging, [new StagingSucceeded(Release(Good, sha: new string('d', 64)), Binary)], "idle", []),
        new("the agent stops while staging: idle, nothing reported", Packaged, Staging, [new StagingCancelled()], "idle", []),
        new("not started through current: refused", Packaged, Fresh, [Pass(Release(Good), cannotSwap: "needs the packaged systemd unit")], "idle",
            ["save", $"report Refused {Good} from {Packaged}: needs the packaged systemd unit"]),

        // The new agent starts on probation and judges it.
        new("started by the guard: on probation", Good, Installing, [new ReleaseStateLoaded(Installing.Remembered), new ProbationTicketFound(Good, Packaged, 20, started: true)],
            $"probation {Good} from {Packaged}", [$"show Installing {Good}", $"serve probation {Good} (20 s, from {Packaged})"]),
        new("on probation, ready, connected, a pass completed: passed", Good, Installing with { Phase = new AgentUpdateProbation(Good, Packaged) }, [Pass(Release(Good))], "idle",
            ["delete ticket", "delete other releases", "save", $"report Updated {Good} from {Packaged}"]),
        new("on probation, not connected yet: a recheck", Good, Installing with { Phase = new AgentUpdateProbation(Good, Packaged) }, [Pass(Release(Good), connected: false)],
            $"probation {Good} from {Packaged}", ["recheck in 1 s"]),
        new("on probation, not ready twice at once: one recheck", Good, Installing with { Phase = new AgentUpdateProbation(Good, Packaged) }, [Pass(Release(Good), ready: false), Pass(Release(Good), ready: false)],
            $"probation {Good} from {Packaged}", ["recheck in 1 s"]),
        new("on probation, the recheck due and still not ready: another", Good, Installing with { Phase = new AgentUpdateProbation(Good, Packaged) }, [Pass(Release(Good), ready: false), Pass(Release(Good), ready: false)],
            $"probation {Good} from {Packaged}", ["recheck in 1 s", "recheck in 1 s"], Spacing: 2),
        new("on probation, a pass completed before ready, then ready on a recheck: passed", Good, Installing with { Phase = new AgentUpdateProbation(Good, Packaged) },
            [Pass(Release(Good), ready: false), Pass(Release(Good), completed: false)], "idle",
            ["recheck in 1 s", "delete ticket", "delete other releases", "save", $"report Updated {Good} from {Packaged}"], Spacing: 2),
        new("on probation, no pass completed yet: not passed", Good, Installing with { Phase = new AgentUpdateProbation(Good, Packaged) }, [Pass(Release(Good), completed: false)],
            $"probation {Good} from {Packaged}", ["recheck in 1 s"]),
        new("on probation, another release named: judged first", Good, Installing with { Phase = new AgentUpdateProbation(Good, Packaged) }, [Pass(Release(Bad))], "idle",
            ["delete ticket", "delete other releases", "save", $"report Updated {Good} from {Packaged}"]),

        // Restarts in the middle.
        new("stopped between removing the ticket and recording it: passed at start", Good, Installing, [new ReleaseStateLoaded(Installing.Remembered), new NoProbationTicket()], "idle",
            [$"show Installing {Good}", "delete other releases", "save", $"report Updated {Good} from {Packaged}"]),
        new("restarted on probation (the guard's ticket still started): on probation again", Good, Installing, [new ReleaseStateLoaded(Installing.Remembered), new ProbationTicketFound(Good, Packaged, 20, started: true)],
            $"probation {Good} from {Packaged}", [$"show Installing {Good}", $"serve probation {Good} (20 s, from {Packaged})"]),
        new("stopped after the ticket, before the link: the stale staged ticket is left to the guard", Packaged, Fresh, [new ReleaseStateLoaded(new AgentReleaseState()), new ProbationTicketFound(Good, Packaged, 20, started: false)], "idle", []),
        new("the old agent started again after installing: no probation of its own, staged again", Packaged, Installing,
            [new ReleaseStateLoaded(Installing.Remembered), new NoProbationTicket(), Pass(Release(Good))], $"staging {Good}", [$"show Installing {Good}", $"stage {Good}"]),
        new("a ticket for another version: not this agent's probation", Good, Fresh, [new ProbationTicketFound(Bad, Good, 20, started: true)], "idle", []),
        new("nothing remembered, no ticket: nothing", Packaged, Fresh, [new ReleaseStateLoaded(new AgentReleaseState()), new NoProbationTicket()], "idle", []),

        // Rolled back by the guard, reported once; that release not tried again.
        new("the guard's note: recorded, reported, note and other releases removed", Good, Fresh, [new GuardNoteFound(Bad, "exited with status 70", Now.AddMinutes(-1))], "idle",
            ["save", $"report RolledBack {Bad} from {Good}: exited with status 70", "delete guard note", "delete other releases"]),
        new("a note without a version: only cleared", Good, Fresh, [new GuardNoteFound("", "rolled back by the guard", null)], "idle", ["delete guard note", "delete other releases"]),
        new("the rolled-back release still named: the rollback is the news", Good, RolledBackBefore, [Pass(Release(Bad))], "idle", []),
        new("the rolled-back release published again later: refused, not tried again", Good,
            RolledBackBefore with { Remembered = new AgentReleaseState { Failed = RolledBackBefore.Remembered.Failed, Last = Outcome("0.1.5", Good, AgentUpdateResult.RolledBack, "could not be executed") } },
            [Pass(Release(Bad))], "idle", ["save", $"report Refused {Bad} from {Good}: agent {Bad} was rolled back on this device (exited with status 70); it is not tried again: publish a newer release"]),

        // Refused before staging, or failed to stage: reported once, the running agent stays.
        new("a downgrade without allowDowngrade: refused", Good, Fresh, [Pass(Release("0.1.1-rc.1")), Pass(Release("0.1.1-rc.1"))], "idle",
            ["save", "report Refused 0.1.1-rc.1 from 0.1.1: agent 0.1.1-rc.1 is older than 0.1.1 (running or installed here before): a downgrade needs spec.agent.allowDowngrade: true"]),
        new("no release for this architecture: refused", Packaged, Fresh, [Pass(Release(Good, arch: "arm64"))], "idle",
            ["save", $"report Refused {Good} from {Packaged}: spec.agent.images has no release for this device's architecture (amd64)"]),
        new("staging failed (its --version fails): reported, tried again in 5 min", Packaged, Staging, [new StagingFailed("--version failed")], "idle",
            ["save", $"report Failed {Good} from {Packaged}: --version failed (tried again in 5 min)"]),
        new("failed to stage a moment ago: not staged again before the backoff ends", Packaged, Staging, [new StagingFailed("--version failed"), Pass(Release(Good))], "idle",
            ["save", $"report Failed {Good} from {Packaged}: --version failed (tried again in 5 min)"], Spacing: 299),
        new("the backoff over: staged again, a second failure waits 10 min", Packaged, Staging, [new StagingFailed("--version failed"), Pass(Release(Good)), new StagingFailed("--version failed")], "idle",
            ["save", $"report Failed {Good} from {Packaged}: --version failed (tried again in 5 min)", $"stage {Good}", "save", $"report Failed {Good} from {Packaged}: --version failed (tried again in 10 min)"], Spacing: 300),
        new("another release after a failed one: staged at once", Packaged, Staging, [new StagingFailed("--version failed"), Pass(Release(Bad))], $"staging {Bad}",
            ["save", $"report Failed {Good} from {Packaged}: --version failed (tried again in 5 min)", $"stage {Bad}"]),

        // A step that threw: the phase goes back, so that the next pass tries again.
        new("the swap threw: staged again on the next pass", Packaged, Staging, [new StagingSucceeded(Release(Good), Binary), new StepFailed(Staging.Phase)], $"staging {Good}",
            [$"write ticket {Good}", $"switch current to {Binary}", "save", $"report Installing {Good} from {Packaged}", "publish status", "stop"]),
        new("removing the ticket threw: still on probation", Good, Installing with { Phase = new AgentUpdateProbation(Good, Packaged) }, [Pass(Release(Good)), new StepFailed(new AgentUpdateProbation(Good, Packaged, passedOnce: true))],
            $"probation {Good} from {Packaged}", ["delete ticket", "delete other releases", "save", $"report Updated {Good} from {Packaged}"]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Transitions(MachineCase c)
    {
        var (state, steps) = Run(c.Running, c.Given, c.Spacing, c.Events);

        Assert.Equal(c.Phase, Describe(state.Phase));
        Assert.Equal(c.Steps, steps);
    }

    [Fact]
    public void A_rollback_is_remembered_and_that_release_refused()
    {
        var (state, _) = Run(Good, Fresh, 0, new GuardNoteFound(Bad, "exited with status 70", Now.AddMinutes(-1)));

        Assert.Equal("exited with status 70", state.Remembered.Failed[Bad]);
        Assert.Equal(Outcome(Bad, Good, AgentUpdateResult.RolledBack, "exited with status 70") with { At = Now.AddMinutes(-1) }, state.Remembered.Last);
        Assert.Equal(AgentUpdateAction.Refuse, AgentUpdatePlanner.Decide(Release(Bad), Good, "amd64", state.Remembered).Action);
    }

    [Fact]
    public void A_note_without_a_time_is_dated_now()
    {
        var (state, _) = Run(Good, Fresh, 0, new GuardNoteFound(Bad, "rolled back by the guard", null));

        Assert.Equal(Now, state.Remembered.Last?.At);
    }

    [Theory]
    [InlineData(null, Good)]
    [InlineData("0.0.9", Good)]
    [InlineData("0.2.0", "0.2.0")]
    public void Passing_raises_the_floor_to_the_running_version(string? floor, string expected)
    {
        var given = Remembering(new AgentUpdateProbation(Good, Packaged), Outcome(Good, Packaged, AgentUpdateResult.Installing), floor: floor);

        var (state, _) = Run(Good, given, 0, Pass(null));

        Assert.Equal(expected, state.Remembered.Floor);
    }

    [Fact]
    public void The_staging_backoff_doubles_up_to_six_hours()
    {
        var machine = new AgentUpdateMachine(Packaged, "amd64");
        var state = Staging;
        var waits = new List<TimeSpan>();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            state = machine.Next(state with { Phase = Staging.Phase }, new StagingFailed("pull failed"), Now).State;
            waits.Add(state.Retry!.At - Now);
        }

        Assert.Equal([5, 10, 20, 40, 80, 160, 320, 360, 360, 360], waits.Select(w => (int)w.TotalMinutes));
        Assert.Equal(10, state.Retry!.Failures);
    }

    [Fact]
    public void The_state_handed_in_is_never_changed()
    {
        var given = Remembering(new AgentUpdateProbation(Good, Packaged), Outcome(Good, Packaged, AgentUpdateResult.Installing));
        var before = (given.Remembered.Floor, given.Remembered.Last, given.Remembered.Failed.Count);

        Run(Good, given, 0, Pass(null), new GuardNoteFound(Bad, "why", null));

        Assert.Equal(before, (given.Remembered.Floor, given.Remembered.Last, given.Remembered.Failed.Count));
    }

    [Fact]
    public void What_is_saved_is_what_is_remembered()
    {
        var (state, _) = Run(Packaged, Fresh, 0, Pass(Release("0.0.9")));
        var next = new AgentUpdateMachine(Packaged, "amd64").Next(Fresh, Pass(Release("0.0.9")), Now);

        Assert.Same(next.State.Remembered, Assert.Single(next.Steps.OfType<SaveReleaseState>()).State);
        Assert.Equal(AgentUpdateResult.Refused, state.Remembered.Last?.Result);
    }

    private static (AgentUpdateState State, string[] Steps) Run(string running, AgentUpdateState given, int spacing, params AgentUpdateEvent[] events)
    {
        var machine = new AgentUpdateMachine(running, "amd64");
        var state = given;
        var steps = new List<string>();
        for (var i = 0; i < events.Length; i++)
        {
            var next = machine.Next(state, events[i], Now.AddSeconds(i * spacing));
            state = next.State;
            steps.AddRange(next.Steps.Select(s => s.Describe()));
        }

        return (state, [.. steps]);
    }

    private static string Describe(AgentUpdatePhase phase) => phase switch
    {
        AgentUpdateIdle => "idle",
        AgentUpdateStaging staging => $"staging {staging.Release.Version}",
        AgentUpdateSwapped swapped => $"swapped {swapped.Version}",
        AgentUpdateProbation probation => $"probation {probation.Version} from {probation.From}",
        _ => phase.GetType().Name,
    };
}
