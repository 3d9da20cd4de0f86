using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Planning;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Core.Reporting;
using Microsoft.Extensions.Time.Testing;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Reporting;

public sealed class StatusTrackerTests
{
    private const string Stream = "edge/v1/devices/pi-01/desired";
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-11-28T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly StatusTracker tracker;
    private readonly DesiredState desired = DesiredOf(("web", App()), ("db", App(state: AppState.Stopped)));

    public StatusTrackerTests() => tracker = new StatusTracker("pi-01", "1.2.3", time);

    private static StreamEvaluation Accepted(long version, bool already = false) => new()
    {
        Stream = Stream,
        Version = version,
        Merged = AdmissionResult.Admit(Manifest(), DesiredState.Empty),
        AlreadyAccepted = already,
    };

    private static ObservedContainer Container(string app, bool running, long restarts = 0) =>
        new() { Id = "id-" + app, Name = app, App = app, Running = running, ImageId = "sha256:abc", RestartCount = restarts, Health = "healthy" };

    private static PassResult Converged(params ObservedContainer[] containers) =>
        new(Plan.Empty, [], new ObservedState { Containers = containers });

    private static PassResult WithSteps(StepOutcome outcome, string? error = null)
    {
        var step = new StartContainerStep("web", "id-web") { Id = 1 };
        return new(new Plan([step], []), [new StepResult(step, outcome, 1, error, error is null ? null : FailureKind.Retryable)], new ObservedState { Containers = [Container("web", false)] });
    }

    [Fact]
    public void An_accepted_manifest_is_reported_applied_after_the_pass_that_carries_it_out()
    {
        Assert.Null(tracker.RecordStream(Accepted(3)));
        var events = tracker.RecordPass(desired, WithSteps(StepOutcome.Succeeded));

        var applied = Assert.Single(events);
        Assert.Equal((AgentEventType.Applied, Stream, 3L), (applied.Type, applied.Stream, applied.Version));
        Assert.Empty(tracker.RecordPass(desired, Converged(Container("web", true), Container("db", false))));

        var status = tracker.Snapshot();
        Assert.True(status.Converged);
        Assert.Equal(3, status.Streams[Stream].AppliedVersion);
        Assert.Equal(new AppStatus { Desired = DesiredAppState.Running, Observed = "running", Image = Image, ImageId = "sha256:abc", Health = "healthy" }, status.Apps["web"]);
        Assert.Equal((DesiredAppState.Stopped, "stopped"), (status.Apps["db"].Desired, status.Apps["db"].Observed));
    }

    [Fact]
    public void A_redelivered_manifest_raises_no_event()
    {
        tracker.RecordStream(Accepted(3));
        tracker.RecordPass(desired, Converged());
        Assert.Null(tracker.RecordStream(Accepted(3, already: true)));
        Assert.Empty(tracker.RecordPass(desired, Converged()));
    }

    [Fact]
    public void A_rejection_is_an_event_and_stays_in_the_stream_status_next_to_the_applied_version()
    {
        tracker.RecordStream(Accepted(3));
        var rejected = tracker.RecordStream(StreamEvaluation.Reject(Stream, 4, RejectionReason.WrongTarget, ["targets pi-02"]));

        Assert.Equal((AgentEventType.Rejected, 4L, (RejectionReason?)RejectionReason.WrongTarget, "targets pi-02"), (rejected!.Type, rejected.Version, rejected.Reason, rejected.Message));
        var stream = tracker.Snapshot().Streams[Stream];
        Assert.Equal(3, stream.AppliedVersion);
        Assert.Equal(((long?)4L, RejectionReason.WrongTarget), (stream.Rejected!.Version, stream.Rejected.Reason));
    }

    [Fact]
    public void A_failed_step_is_an_event_and_the_app_error_until_a_converged_pass()
    {
        var failed = Assert.Single(tracker.RecordPass(desired, WithSteps(StepOutcome.Failed, "no such image")));
        Assert.Equal(AgentEventType.Failed, failed.Type);
        Assert.Contains("no such image", failed.Message, StringComparison.Ordinal);
        Assert.Equal("start: no such image", tracker.Snapshot().Apps["web"].LastError);
        Assert.False(tracker.Snapshot().Converged);

        tracker.RecordPass(desired, Converged(Container("web", true)));
        Assert.Null(tracker.Snapshot().Apps["web"].LastError);
    }

    [Fact]
    public void Steps_without_a_new_manifest_are_drift_repaired()
    {
        var repaired = Assert.Single(tracker.RecordPass(desired, WithSteps(StepOutcome.Succeeded)));
        Assert.Equal(AgentEventType.DriftRepaired, repaired.Type);
        Assert.Contains("start web", repaired.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rolled_back_app_is_reported_with_its_reason_the_device_not_converged_and_one_event()
    {
        var previous = Container("web", running: true) with { Id = "id-old" };
        var pass = Converged(previous) with
        {
            RolledBack = new Dictionary<string, string> { ["web"] = "exited with code 42 during its probation" },
            NewlyRolledBack = ["web"],
        };

        var events = tracker.RecordPass(desired, pass);
        var rolledBack = Assert.Single(events, e => e.Type == AgentEventType.RolledBack);
        Assert.Equal(RejectionReason.ProbationFailed, rolledBack.Reason);
        Assert.Contains("app web rolled back to its previous version: exited with code 42", rolledBack.Message, StringComparison.Ordinal);
        var status = tracker.Snapshot();
        Assert.False(status.Converged);
        Assert.Equal("rolled-back", status.Apps["web"].Observed);
        Assert.Equal("rolled back: exited with code 42 during its probation", status.Apps["web"].LastError);

        // The next passes keep reporting it, without a new event.
        Assert.DoesNotContain(tracker.RecordPass(desired, pass with { NewlyRolledBack = [] }), e => e.Type == AgentEventType.RolledBack);
        Assert.Equal("rolled-back", tracker.Snapshot().Apps["web"].Observed);
    }

    [Fact]
    public void The_container_under_the_apps_name_is_reported_not_the_previous_version_kept_aside()
    {
        var kept = Container("web", running: false) with { Id = "id-previous", Name = PreviousVersion.NameOf("web"), ImageId = "sha256:old" };
        var current = Container("web", running: true) with { ImageId = "sha256:new" };
        tracker.RecordPass(desired, Converged(kept, current) with { OnProbation = ["web"] });
        Assert.Equal("sha256:new", tracker.Snapshot().Apps["web"].ImageId);
        Assert.Equal("running", tracker.Snapshot().Apps["web"].Observed);
    }

    [Fact]
    public void Managed_containers_no_longer_desired_are_reported_absent()
    {
        tracker.RecordPass(DesiredState.Empty, WithSteps(StepOutcome.Succeeded));
        Assert.Equal((DesiredAppState.Absent, "stopped"), (tracker.Snapshot().Apps["web"].Desired, tracker.Snapshot().Apps["web"].Observed));
    }

    [Fact]
    public void The_switch_is_reported_next_to_the_containers_with_tunnel_peers_and_link_state()
    {
        var owned = new Dictionary<string, string> { [EdgeAgent.Core.Planning.OvsOwnership.Key] = EdgeAgent.Core.Planning.OvsOwnership.Value };
        var observed = new EdgeAgent.Core.Planning.ObservedOvs
        {
            RootUuid = "root",
            Bridges =
            [
                new() { Uuid = "b", Name = "docker-gre", DatapathType = "netdev", ExternalIds = owned, Ports =
                [
                    new() { Uuid = "p", Name = "gre-c0a80701", ExternalIds = owned, Interfaces =
                        [new() { Uuid = "i", Name = "gre-c0a80701", Type = "gre", LinkState = "up", Options = new Dictionary<string, string> { ["remote_ip"] = "192.168.7.1" } }] },
                    new() { Uuid = "p3", Name = "gre-c0a80702", ExternalIds = owned, Interfaces =
                        [new() { Uuid = "i3", Name = "gre-c0a80702", Type = "gre", LinkState = "down", Options = new Dictionary<string, string> { ["remote_ip"] = "192.168.7.2" } }] },
                    new() { Uuid = "p4", Name = "gre-hand", Interfaces = [new() { Uuid = "i4", Name = "gre-hand", Type = "gre", LinkState = "up" }] },
                ] },
                new() { Uuid = "b2", Name = "br-phy", Ports = [new() { Uuid = "p2", Name = "eth0", Interfaces = [new() { Uuid = "i2", Name = "eth0", LinkState = "up" }] }] },
            ],
        };
        tracker.RecordPass(desired, Converged() with { OvsObserved = observed });

        var ovs = tracker.Snapshot().Ovs!;
        Assert.Equal(new PortStatus { Managed = true, Type = "gre", Peer = "192.168.7.1", LinkState = "up" }, ovs["docker-gre"].Ports["gre-c0a80701"]);
        Assert.False(ovs["br-phy"].Managed);
        Assert.Equal("system", ovs["br-phy"].Ports["eth0"].Type);
        Assert.Equal((1, 2), tracker.Snapshot().TunnelCounts()); // the agent's tunnels only, not the hand-made one
        Assert.Equal((0, 0), (tracker.Snapshot() with { Ovs = null }).TunnelCounts());
    }
}
