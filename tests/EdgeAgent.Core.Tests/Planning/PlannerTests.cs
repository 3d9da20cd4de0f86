using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Planning;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Planning;

/// <summary>Table-driven planner tests in the style of kubelet's computePodActions tests.</summary>
public sealed class PlannerTests
{
    public sealed record PlanCase(string Name, DesiredState Desired, Func<DesiredState, ObservedState> Observed, string[] Expected)
    {
        public override string ToString() => Name;
    }

    private static readonly DesiredState OneApp = DesiredOf(("web", App(memory: "64Mi")));
    private static readonly DesiredState TwoApps = DesiredOf(("db", App()), ("web", App(dependsOn: ["db"])));

    private static ObservedState Running(DesiredState desired, params string[] apps) => new()
    {
        Containers = [.. apps.Select((a, i) => Observed(desired.Apps[a], $"id-{a}", running: true))],
        Images = new HashSet<string> { Image },
    };

    private static ObservedContainer Observed(DesiredApp app, string id, bool running, ResourceLimits? resources = null, string? hash = null) => new()
    {
        Id = id,
        Name = app.Name,
        App = app.Name,
        SpecHash = hash ?? app.SpecHash,
        Running = running,
        Resources = resources ?? app.Resources,
    };

    public static TheoryData<PlanCase> Cases() => new()
    {
        new PlanCase("empty device, empty desired: nothing", DesiredState.Empty, _ => ObservedState.Empty, []),
        new PlanCase("converged: nothing", OneApp, d => Running(d, "web"), []),
        new PlanCase("new app with image present: create then start", OneApp, _ => new ObservedState { Images = new HashSet<string> { Image } },
            ["create web", "start web"]),
        new PlanCase("new app with image missing: pull, create, start", OneApp, _ => ObservedState.Empty,
            ["pull " + Image, "create web", "start web"]),
        new PlanCase("stopped by hand: start, same container", OneApp, d => new ObservedState { Containers = [Observed(d.Apps["web"], "id-web", running: false)], Images = new HashSet<string> { Image } },
            ["start web"]),
        new PlanCase("spec changed: stop, remove, create, start", OneApp, d => new ObservedState { Containers = [Observed(d.Apps["web"], "id-web", true, hash: "old")], Images = new HashSet<string> { Image } },
            ["stop web", "remove web", "create web", "start web"]),
        new PlanCase("limits changed: update in place only", OneApp, d => new ObservedState { Containers = [Observed(d.Apps["web"], "id-web", true, resources: new ResourceLimits { MemoryBytes = 32 << 20 })], Images = new HashSet<string> { Image } },
            ["update-resources web"]),
        new PlanCase("limit removed: recreate (Docker cannot unset)", DesiredOf(("web", App())), d => new ObservedState { Containers = [Observed(d.Apps["web"], "id-web", true, resources: new ResourceLimits { MemoryBytes = 32 << 20 })], Images = new HashSet<string> { Image } },
            ["stop web", "remove web", "create web", "start web"]),
        new PlanCase("app removed from manifest: stop and remove it only", DesiredOf(("db", App())), d => Running(TwoApps, "db", "web"),
            ["stop web", "remove web"]),
        new PlanCase("desired stopped and running: stop", DesiredOf(("web", App(state: AppState.Stopped))), d => Running(d, "web"),
            ["stop web"]),
        new PlanCase("desired stopped and absent: create without start", DesiredOf(("web", App(state: AppState.Stopped))), _ => new ObservedState { Images = new HashSet<string> { Image } },
            ["create web"]),
        new PlanCase("duplicate containers for one app: keep one, remove the other", OneApp, d => new ObservedState
            {
                Containers = [Observed(d.Apps["web"], "a", true), Observed(d.Apps["web"], "b", false)],
                Images = new HashSet<string> { Image },
            },
            ["remove web"]),
        new PlanCase("dependencies first", TwoApps, _ => new ObservedState { Images = new HashSet<string> { Image } },
            ["create db", "start db", "create web", "start web"]),
        new PlanCase("blkio unsupported by host: no update loop", DesiredOf(("web", App() with { Resources = new ResourcesSpec { BlkioWeight = 500 } })),
            d => new ObservedState
            {
                Containers = [Observed(d.Apps["web"], "id-web", true, resources: ResourceLimits.None)],
                Images = new HashSet<string> { Image },
                Capabilities = new RuntimeCapabilities(BlkioWeight: false),
            },
            []),
        new PlanCase("docker default swap is not drift", OneApp, d => new ObservedState
            {
                Containers = [Observed(d.Apps["web"], "id-web", true, resources: d.Apps["web"].Resources with { MemorySwapBytes = 128 << 20 })],
                Images = new HashSet<string> { Image },
            },
            []),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Computes_expected_actions(PlanCase test)
    {
        var plan = Planner.Compute(test.Desired, test.Observed(test.Desired));
        Assert.Equal(test.Expected, plan.Steps.Select(s => $"{s.Action} {s.Target}"));
        Assert.Empty(plan.Problems);
    }

    [Fact]
    public void Start_waits_for_dependency_start()
    {
        var plan = Planner.Compute(TwoApps, new ObservedState { Images = new HashSet<string> { Image } });
        var startDb = plan.Steps.Single(s => s is StartContainerStep { App: "db" });
        var startWeb = plan.Steps.Single(s => s is StartContainerStep { App: "web" });
        Assert.Contains(startDb.Id, startWeb.DependsOn);
    }

    [Fact]
    public void Independent_apps_do_not_depend_on_each_other()
    {
        var desired = DesiredOf(("a", App()), ("b", App()));
        var plan = Planner.Compute(desired, new ObservedState { Images = new HashSet<string> { Image } });
        var a = plan.Steps.Where(s => s.Target == "a").Select(s => s.Id).ToHashSet();
        Assert.All(plan.Steps.Where(s => s.Target == "b"), s => Assert.DoesNotContain(s.DependsOn, a.Contains));
    }

    [Fact]
    public void Old_container_is_stopped_only_after_the_new_image_is_pulled()
    {
        var desired = DesiredOf(("web", App(image: "edgeagent/web:2")));
        var observed = new ObservedState { Containers = [Observed(desired.Apps["web"], "old", true, hash: "old")] };
        var plan = Planner.Compute(desired, observed);
        var pull = plan.Steps.Single(s => s is PullImageStep);
        var stop = plan.Steps.Single(s => s is StopContainerStep);
        Assert.Contains(pull.Id, stop.DependsOn);
    }

    [Fact]
    public void Every_dependency_points_to_an_earlier_step()
    {
        var desired = DesiredOf(("db", App()), ("web", App(dependsOn: ["db"])), ("ui", App(dependsOn: ["web", "db"])));
        var plan = Planner.Compute(desired, ObservedState.Empty);
        Assert.All(plan.Steps, s => Assert.All(s.DependsOn, d => Assert.True(d < s.Id)));
        Assert.Equal(plan.Steps.Select((s, i) => i + 1), plan.Steps.Select(s => s.Id));
    }

    [Fact]
    public void Pull_is_planned_once_per_image()
    {
        var desired = DesiredOf(("a", App(image: "x/y:1")), ("b", App(image: "x/y:1")));
        var plan = Planner.Compute(desired, ObservedState.Empty);
        Assert.Single(plan.Steps.OfType<PullImageStep>());
    }

    [Fact]
    public void Network_is_created_before_its_containers_and_removed_after_them()
    {
        var manifest = Parse(ManifestJson(
            apps: """{ "web": { "image": "edgeagent/busybox:1.35", "networks": ["edge"] } }""",
            networks: """{ "edge": { "subnet": "172.30.9.0/24", "mtu": 1462 } }"""));
        var desired = DesiredStateBuilder.Build(manifest);
        var plan = Planner.Compute(desired, new ObservedState { Images = new HashSet<string> { Image } });
        var createNetwork = plan.Steps.Single(s => s is CreateNetworkStep);
        Assert.Contains(createNetwork.Id, plan.Steps.Single(s => s is CreateContainerStep).DependsOn);

        var observedAfter = new ObservedState
        {
            Containers = [Observed(desired.Apps["web"], "id-web", true)],
            Networks = [new ObservedNetwork("n1", "edge", true, desired.Networks["edge"].SpecHash)],
        };
        var teardown = Planner.Compute(DesiredState.Empty, observedAfter);
        Assert.Equal(["stop web", "remove web", "remove-network network/edge"], teardown.Steps.Select(s => $"{s.Action} {s.Target}"));
        Assert.Contains(teardown.Steps[1].Id, teardown.Steps[2].DependsOn);
    }

    [Fact]
    public void Redefined_network_recreates_network_and_its_containers()
    {
        var manifest = Parse(ManifestJson(
            apps: """{ "web": { "image": "edgeagent/busybox:1.35", "networks": ["edge"] } }""",
            networks: """{ "edge": { "subnet": "172.30.9.0/24", "mtu": 1400 } }"""));
        var desired = DesiredStateBuilder.Build(manifest);
        var observed = new ObservedState
        {
            Containers = [Observed(desired.Apps["web"], "id-web", true, hash: "old")],
            Networks = [new ObservedNetwork("n1", "edge", true, "old-network-hash")],
            Images = new HashSet<string> { Image },
        };
        var plan = Planner.Compute(desired, observed);
        Assert.Equal(
            ["stop web", "remove web", "remove-network network/edge", "create-network network/edge", "create web", "start web"],
            plan.Steps.Select(s => $"{s.Action} {s.Target}"));
    }

    [Fact]
    public void Unmanaged_network_with_the_same_name_blocks_its_apps_and_is_reported()
    {
        var manifest = Parse(ManifestJson(
            apps: """{ "web": { "image": "edgeagent/busybox:1.35", "networks": ["edge"] }, "other": { "image": "edgeagent/busybox:1.35" } }""",
            networks: """{ "edge": {} }"""));
        var desired = DesiredStateBuilder.Build(manifest);
        var observed = new ObservedState { Networks = [new ObservedNetwork("n1", "edge", false, null)], Images = new HashSet<string> { Image } };
        var plan = Planner.Compute(desired, observed);
        Assert.DoesNotContain(plan.Steps, s => s.Target == "web" || s is RemoveNetworkStep);
        Assert.Contains(plan.Steps, s => s.Target == "other");
        Assert.Contains(plan.Problems, p => p.Target == "network/edge");
    }

    [Fact]
    public void Plan_prints_one_readable_line_per_step()
    {
        var plan = Planner.Compute(TwoApps, ObservedState.Empty);
        Assert.Equal(
            [
                "#1 pull image edgeagent/busybox:1.35",
                "#2 create db from edgeagent/busybox:1.35 (unlimited) (after #1)",
                "#3 start db (after #2)",
                "#4 create web from edgeagent/busybox:1.35 (unlimited) (after #1)",
                "#5 start web (after #3, #4)",
            ],
            plan.ToString().Split(Environment.NewLine));
    }

    [Fact]
    public void Plans_are_deterministic()
    {
        var desired = DesiredOf(("c", App()), ("a", App()), ("b", App(dependsOn: ["c"])));
        var first = Planner.Compute(desired, ObservedState.Empty).ToString();
        var second = Planner.Compute(desired, ObservedState.Empty).ToString();
        Assert.Equal(first, second);
    }
}
