using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Planning;
using EdgeAgent.Core.Reconciliation;

namespace EdgeAgent.Core.Tests.Reconciliation;

/// <summary>When the loop runs its next pass, table-driven in the style of kubelet's backoff tests.</summary>
public sealed class PassScheduleTests
{
    private static readonly DateTimeOffset Now = new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
    private static readonly TimeSpan Resync = TimeSpan.FromMinutes(10);
    private static readonly PassSchedule Schedule = new(Resync);

    private static readonly PassOutcome Steady = new(Healthy: true, ChangedSomething: false, WakeAt: null, Completed: true);
    private static readonly PassOutcome Changed = new(Healthy: true, ChangedSomething: true, WakeAt: null, Completed: true);
    private static readonly PassOutcome StepFailed = new(Healthy: false, ChangedSomething: true, WakeAt: null, Completed: true);

    /// <summary>WakeIn null: the next pass runs at once.</summary>
    public sealed record ScheduleCase(string Name, PassOutcome Outcome, PassScheduleState Before, string Reason, TimeSpan? WakeIn, PassScheduleState After)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<ScheduleCase> Cases() => new()
    {
        new ScheduleCase("no desired state yet: wait for the resync", PassOutcome.Idle, new(0, 0), "resync", Resync, new(0, 0)),
        new ScheduleCase("converged: wait for the resync", Steady, new(0, 0), "resync", Resync, new(0, 0)),
        new ScheduleCase("changed something: verify at once", Changed, new(0, 0), "verify", null, new(0, 1)),
        new ScheduleCase("third change in a row: still verify at once", Changed, new(0, 2), "verify", null, new(0, 3)),
        new ScheduleCase("fourth change in a row: a flapping device waits", Changed, new(0, 3), "resync", Resync, new(0, 4)),
        new ScheduleCase("still flapping: keeps waiting", Changed, new(0, 4), "resync", Resync, new(0, 5)),
        new ScheduleCase("verified: the verify count starts over", Steady, new(0, 3), "resync", Resync, new(0, 0)),
        new ScheduleCase("first failure: retry after 5 s", StepFailed, new(0, 1), "resync", TimeSpan.FromSeconds(5), new(1, 0)),
        new ScheduleCase("second failure: 10 s", PassOutcome.Failed, new(1, 0), "resync", TimeSpan.FromSeconds(10), new(2, 0)),
        new ScheduleCase("fifth failure: 80 s", PassOutcome.Failed, new(4, 0), "resync", TimeSpan.FromSeconds(80), new(5, 0)),
        new ScheduleCase("eighth failure: 640 s capped at the resync", PassOutcome.Failed, new(7, 0), "resync", Resync, new(8, 0)),
        new ScheduleCase("hundredth failure: no overflow, the resync", PassOutcome.Failed, new(99, 0), "resync", Resync, new(100, 0)),
        new ScheduleCase("healthy after failures: the backoff starts over", Steady, new(6, 0), "resync", Resync, new(0, 0)),
        new ScheduleCase("a hold ends before the resync: wake then", Steady with { WakeAt = Now.AddSeconds(42) }, new(0, 0), "resync", TimeSpan.FromSeconds(42), new(0, 0)),
        new ScheduleCase("a probation ends after the resync: the resync first", Steady with { WakeAt = Now.AddMinutes(30) }, new(0, 0), "resync", Resync, new(0, 0)),
        new ScheduleCase("a hold ends before the retry: wake then", StepFailed with { WakeAt = Now.AddSeconds(2) }, new(0, 0), "resync", TimeSpan.FromSeconds(2), new(1, 0)),
        new ScheduleCase("a hold ending does not delay a verify pass", Changed with { WakeAt = Now.AddSeconds(2) }, new(0, 0), "verify", null, new(0, 1)),
        new ScheduleCase("a failed pass that changed something is not verified", StepFailed, new(0, 2), "resync", TimeSpan.FromSeconds(5), new(1, 0)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Next_pass(ScheduleCase c)
    {
        var next = Schedule.Next(c.Outcome, c.Before, Now);

        Assert.Equal(c.Reason, next.Reason);
        Assert.Equal(c.WakeIn is null, next.RunNow);
        Assert.Equal(c.WakeIn is { } wakeIn ? Now + wakeIn : null, next.WakeAt);
        Assert.Equal(c.After, next.State);
    }

    private static readonly PlanStep Pull = new PullImageStep("edgeagent/busybox:1.35") { Id = 1 };
    private static readonly OvsChange NewBridge = new CreateBridge(new DesiredBridge { Name = "br-mesh", DatapathType = "netdev" });
    private static readonly DateTimeOffset Early = Now.AddSeconds(30);
    private static readonly DateTimeOffset Late = Now.AddSeconds(90);

    private static PassResult Pass(params StepOutcome[] steps) =>
        new(steps.Length == 0 ? Plan.Empty : new Plan([Pull], []), [.. steps.Select(o => new StepResult(Pull, o, 1))], new ObservedState());

    public sealed record OutcomeCase(string Name, PassResult Pass, PassOutcome Expected)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<OutcomeCase> Outcomes() => new()
    {
        new OutcomeCase("converged: steady", Pass(), Steady),
        new OutcomeCase("converged with a hold: the hold is not a reason to wake", Pass() with { HoldsEndAt = Early }, Steady),
        new OutcomeCase("previous network kept: steady", Pass() with { OvsRolledBack = "probes unreachable" }, Steady),
        new OutcomeCase("steps succeeded: changed", Pass(StepOutcome.Succeeded), Changed),
        new OutcomeCase("a step failed: unhealthy", Pass(StepOutcome.Failed), StepFailed),
        new OutcomeCase("a problem blocks: unhealthy, nothing changed", new PassResult(new Plan([], [new PlanProblem("web", "image missing")]), [], new ObservedState()), Steady with { Healthy = false }),
        new OutcomeCase("switch changed: changed", Pass() with { Ovs = new OvsPlan([NewBridge], []) }, Changed),
        new OutcomeCase("switch change failed: unhealthy, nothing changed", Pass() with { Ovs = new OvsPlan([NewBridge], []), OvsError = "refused" }, Steady with { Healthy = false }),
        new OutcomeCase("hold and probation: wake at the earlier", Pass(StepOutcome.Succeeded) with { HoldsEndAt = Late, ProbationEndsAt = Early }, Changed with { WakeAt = Early }),
        new OutcomeCase("only a hold: wake when it ends", Pass(StepOutcome.Succeeded) with { HoldsEndAt = Early }, Changed with { WakeAt = Early }),
        new OutcomeCase("only a probation: wake when it ends", Pass(StepOutcome.Failed) with { ProbationEndsAt = Late }, StepFailed with { WakeAt = Late }),
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Outcome_of_a_pass(OutcomeCase c) => Assert.Equal(c.Expected, PassOutcome.Of(c.Pass));
}
