using System.Text;
using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Planning;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Core.Tests.Fakes;
using EdgeAgent.Testing;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Reconciliation;

public sealed class ReconcilerTests
{
    private readonly FakeContainerRuntime runtime = new();

    private Reconciler Reconciler() => new(runtime, new PlanRunner(runtime, TimeProvider.System, new RetryPolicy { InitialDelay = TimeSpan.FromMilliseconds(1) }), null, null, null, new RollbackLedger(TimeProvider.System), TimeProvider.System, new ImageLedger());

    [Fact]
    public async Task Converges_then_plans_nothing()
    {
        var desired = DesiredOf(("db", App(memory: "64Mi")), ("web", App(dependsOn: ["db"], cpus: 0.5)), ("ui", App(image: "edge/ui:1")));
        var first = await Reconciler().RunPassAsync(desired, dryRun: false, default);
        Assert.True(first.Succeeded);
        Assert.NotEmpty(first.Plan.Steps);
        var second = await Reconciler().RunPassAsync(desired, dryRun: false, default);
        Assert.True(second.Converged);
        Assert.Empty(second.Plan.Steps);
    }

    [Fact]
    public async Task Dry_run_changes_nothing()
    {
        var pass = await Reconciler().RunPassAsync(DesiredOf(("web", App())), dryRun: true, default);
        Assert.NotEmpty(pass.Plan.Steps);
        Assert.Empty(runtime.Containers);
        Assert.Equal(["observe"], runtime.Calls);
    }

    [Fact]
    public async Task Converge_stops_on_terminal_failure()
    {
        runtime.UnmanagedContainerNames.Add("web");
        var passes = await Reconciler().ConvergeAsync(DesiredOf(("web", App())), maxPasses: 5, default);
        Assert.Single(passes);
        Assert.Contains(passes[0].Results, r => r.FailureKind == FailureKind.Terminal);
    }

    [Fact]
    public async Task Rejected_manifest_changes_nothing()
    {
        var desired = DesiredOf(("web", App()));
        await Reconciler().RunPassAsync(desired, dryRun: false, default);
        var before = runtime.Containers.Values.ToList();
        var callsBefore = runtime.Calls.Count;

        var gate = new ManifestGate(new PolicyAdmission(new AdmissionPolicy(), new IdentityPaths()));
        var result = gate.Admit(Encoding.UTF8.GetBytes(ManifestJson(apps: """{ "web": { "image": "edgeagent/busybox:2", "security": { "privileged": true } } }""")));

        Assert.False(result.Accepted);
        Assert.Equal(RejectionReason.PolicyDenied, result.Reason);
        Assert.Contains(result.Errors, e => e.Contains("privileged", StringComparison.Ordinal));
        Assert.Equal(before, runtime.Containers.Values.ToList());
        Assert.Equal(callsBefore, runtime.Calls.Count);
    }

    [Fact]
    public void Invalid_manifest_is_rejected_with_located_errors()
    {
        var gate = new ManifestGate(new PolicyAdmission(new AdmissionPolicy { RequireDigest = false }, new IdentityPaths()));
        var result = gate.Admit(Encoding.UTF8.GetBytes(ManifestJson(apps: """{ "web": { "image": "a", "resources": { "memory": "lots" } } }""")));
        Assert.Equal(RejectionReason.InvalidManifest, result.Reason);
        Assert.Contains(result.Errors, e => e.StartsWith("$.spec.apps.web.resources.memory", StringComparison.Ordinal));
    }
    [Fact]
    public async Task A_network_on_an_ovs_bridge_is_joined_after_the_containers_stage_and_the_join_is_verified_by_the_next_pass()
    {
        var edge = new DesiredNetwork { Name = "edge", Subnet = "172.30.0.0/16", OvsBridge = "docker-gre", SpecHash = "h" };
        var desired = DesiredOf(("web", App())) with { Networks = new Dictionary<string, DesiredNetwork> { ["edge"] = edge } };
        var links = new FakeHostLinks();
        links.Links["docker-gre"] = new HostLink("docker-gre", null, Up: false);
        links.Links[edge.LinuxBridge!] = new HostLink(edge.LinuxBridge!, null, Up: true);
        var reconciler = new Reconciler(runtime, new PlanRunner(runtime, TimeProvider.System), null, new NetworkAttacher(links, TimeProvider.System, TimeSpan.Zero), null, new RollbackLedger(TimeProvider.System), TimeProvider.System, new ImageLedger());

        var first = await reconciler.RunPassAsync(desired, dryRun: false, default);
        Assert.Contains(first.Plan.Steps, s => s.Describe().StartsWith("create network edge", StringComparison.Ordinal));
        Assert.IsType<AttachNetwork>(Assert.Single(first.Ovs.Changes));
        Assert.False(first.Converged);
        Assert.Equal([("docker-gre", edge.LinuxBridge!)], links.MasterCalls);

        Assert.True((await reconciler.RunPassAsync(desired, dryRun: false, default)).Converged);

        links.Links["docker-gre"] = new HostLink("docker-gre", null, Up: true); // taken out by hand...
        links.Links.Remove(edge.LinuxBridge!);                                // ...and Docker's bridge gone
        var failed = await reconciler.RunPassAsync(desired, dryRun: false, default);
        Assert.False(failed.Succeeded);
        Assert.Equal($"network edge: Docker has not created its bridge {edge.LinuxBridge}", failed.OvsError);
    }
}
