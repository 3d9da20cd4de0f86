using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Planning;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Core.Reporting;

namespace EdgeAgent.Core.Tests.Reporting;

/// <summary>One report per pass, with the same lines for the log, apply's console and the status events.</summary>
public sealed class PassReportTests
{
    private static readonly PlanStep Pull = new PullImageStep("edgeagent/busybox:1.35") { Id = 1 };
    private static readonly PlanStep Create = new CreateNetworkStep(new DesiredNetwork { Name = "lan", SpecHash = "h" }) { Id = 2 };
    private static readonly OvsChange NewBridge = new CreateBridge(new DesiredBridge { Name = "br-mesh", DatapathType = "netdev" });

    [Fact]
    public void A_converged_pass_has_nothing_to_tell()
    {
        var report = PassReport.Of(new PassResult(Plan.Empty, [], new ObservedState()));
        Assert.Equal("nothing to do", report.Headline);
        Assert.Empty(report.Lines);
        Assert.Empty(report.Blocking);
        Assert.Empty(report.FailedSteps);
    }

    [Fact]
    public void Every_part_of_a_pass_is_one_line_in_the_order_it_happened()
    {
        var pass = new PassResult(
            new Plan([Pull, Create], [new PlanProblem("web", "image missing")]),
            [new StepResult(Pull, StepOutcome.Succeeded, 1), new StepResult(Create, StepOutcome.Failed, 4, "daemon unreachable", FailureKind.Retryable)],
            new ObservedState())
        {
            Ovs = new OvsPlan([NewBridge], [new PlanProblem("br-x", "port eth9 is missing")]),
            OvsObserved = new ObservedOvs { RootUuid = "root" },
            OvsRoundTrips = 2,
            OvsElapsed = TimeSpan.FromMilliseconds(12.34),
            OvsError = "transaction refused",
            OvsRolledBack = "the probes were unreachable",
        };

        var report = PassReport.Of(pass);

        Assert.Equal("2 step(s), 1 switch change(s)", report.Headline);
        Assert.Equal(
            [PassLineKind.SwitchChange, PassLineKind.SwitchStage, PassLineKind.Problem, PassLineKind.SwitchError, PassLineKind.RolledBack, PassLineKind.Step, PassLineKind.StepFailed, PassLineKind.Problem],
            report.Lines.Select(l => l.Kind));
        Assert.Equal("ovs     " + NewBridge, report.Lines[0].Text);
        Assert.Equal("ovs stage: 1 change(s), 2 OVSDB round trip(s), 12.3 ms", report.Lines[1].Text);
        Assert.Equal("Open vSwitch: transaction refused", report.Lines[3].Text);
        Assert.Equal("network change rolled back: the probes were unreachable", report.Lines[4].Text);
        Assert.Equal(["web: image missing", "br-x: port eth9 is missing", "Open vSwitch: transaction refused"], report.Blocking);
        Assert.Equal([pass.Results[1].ToString().Trim()], report.FailedSteps);
        Assert.Equal(5, report.Lines.Count(l => l.IsFailure));
    }
}
