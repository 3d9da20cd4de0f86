using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Planning;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Core.Tests.Fakes;
using EdgeAgent.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EdgeAgent.Core.Tests.Execution;

/// <summary>Commit-confirm with recording fakes: the rollback decision, the restore, and that a rolled-back network is not retried.</summary>
public sealed class OvsReconcilerTests
{
    private static readonly Dictionary<string, string> Owned = new() { [OvsOwnership.Key] = OvsOwnership.Value };
    private readonly FakeTimeProvider time = new();

    private static ObservedPort Port(string name, string type) => new()
    {
        Uuid = "p-" + name,
        Name = name,
        ExternalIds = Owned,
        Interfaces = [new ObservedInterface { Uuid = "i-" + name, Name = name, Type = type, ExternalIds = Owned }],
    };

    private static ObservedOvs Switch(params ObservedPort[] ports) => new()
    {
        RootUuid = "root",
        Bridges = [new ObservedBridge { Uuid = "b-up", Name = "br-up", DatapathType = "netdev", ExternalIds = Owned, Ports = [Port("br-up", "internal"), .. ports] }],
    };

    private static DesiredOvs Desired(bool withUplink) => DesiredOvs.From(new OvsSpec
    {
        Bridges = new Dictionary<string, OvsBridgeSpec>
        {
            ["br-up"] = new() { DatapathType = "netdev", Ports = withUplink
                ? new Dictionary<string, OvsPortSpec> { ["eth1"] = new() { Type = "system" } }
                : new Dictionary<string, OvsPortSpec> { ["other0"] = new() { Type = "internal" } } },
        },
    });

    private OvsReconciler Reconciler(FakeSwitch fake, bool reachableAfter) =>
        new(fake, null, new ScriptedProbe(time, reachableAfter), new SafeApplyOptions([], TimeSpan.FromSeconds(5), TimeSpan.Zero), time);

    [Fact]
    public async Task An_unreachable_broker_after_a_change_rolls_it_back_and_the_same_network_is_not_applied_again()
    {
        var fake = new FakeSwitch(Switch(Port("eth1", "")), Switch(Port("other0", "internal")));
        var reconciler = Reconciler(fake, reachableAfter: false);

        var result = await reconciler.RunAsync(Desired(withUplink: false), dryRun: false, CancellationToken.None);
        Assert.NotNull(result.RolledBack);
        Assert.Equal(2, fake.Applied.Count);
        Assert.Contains(fake.Applied[0], c => c is DeletePort { Name: "eth1" });
        Assert.Contains(fake.Applied[1], c => c is AddPort { Port.Name: "eth1" });
        Assert.Contains(fake.Applied[1], c => c is DeletePort { Name: "other0" });

        fake.Next = Switch(Port("eth1", ""));
        var again = await reconciler.RunAsync(Desired(withUplink: false), dryRun: false, CancellationToken.None);
        Assert.NotNull(again.RolledBack);
        Assert.True(again.Plan.IsEmpty);
        Assert.Equal(2, fake.Applied.Count);

        var different = await reconciler.RunAsync(Desired(withUplink: true), dryRun: false, CancellationToken.None);
        Assert.Null(different.RolledBack);
    }

    [Fact]
    public async Task A_reachable_broker_confirms_the_change()
    {
        var fake = new FakeSwitch(Switch(Port("eth1", "")));
        var result = await Reconciler(fake, reachableAfter: true).RunAsync(Desired(withUplink: false), dryRun: false, CancellationToken.None);
        Assert.Null(result.RolledBack);
        Assert.Single(fake.Applied);
    }

    [Fact]
    public async Task A_broker_already_unreachable_before_the_change_does_not_blame_the_change()
    {
        var fake = new FakeSwitch(Switch(Port("eth1", "")));
        var reconciler = new OvsReconciler(fake, null, new ScriptedProbe(time, reachableAfter: false, reachableBefore: false), new SafeApplyOptions([], TimeSpan.FromSeconds(5), TimeSpan.Zero), time);
        var result = await reconciler.RunAsync(Desired(withUplink: false), dryRun: false, CancellationToken.None);
        Assert.Null(result.RolledBack);
        Assert.Single(fake.Applied);
    }

    [Fact]
    public async Task A_rolled_back_network_is_remembered_across_a_restart_and_forgotten_once_another_is_applied()
    {
        var store = new MemoryStateStore();
        var fake = new FakeSwitch(Switch(Port("eth1", "")), Switch(Port("other0", "internal")));
        OvsReconciler Start() => new(fake, null, new ScriptedProbe(time, reachableAfter: false), new SafeApplyOptions([], TimeSpan.FromSeconds(5), TimeSpan.Zero), time, store);

        Assert.NotNull((await Start().RunAsync(Desired(withUplink: false), dryRun: false, CancellationToken.None)).RolledBack);
        Assert.Equal(2, fake.Applied.Count);

        // The agent restarts with the same desired network: kept back, nothing applied, the switch as it is.
        fake.Next = Switch(Port("eth1", ""));
        var restarted = Start();
        var again = await restarted.RunAsync(Desired(withUplink: false), dryRun: false, CancellationToken.None);
        Assert.NotNull(again.RolledBack);
        Assert.True(again.Plan.IsEmpty);
        Assert.Equal(2, fake.Applied.Count);

        // A different network is applied: the remembered rollback is dropped.
        var other = await restarted.RunAsync(Desired(withUplink: true), dryRun: false, CancellationToken.None);
        Assert.Null(other.RolledBack);
        Assert.Empty(store.Documents["network-rolled-back.json"]);
    }

    [Fact]
    public async Task A_change_that_removes_the_interface_routing_to_the_broker_is_refused_before_anything_is_applied()
    {
        var fake = new FakeSwitch(Switch(Port("eth1", "")));
        var reconciler = new OvsReconciler(fake, new FakeHostLinks { RouteDevice = "eth1" }, new ScriptedProbe(time, reachableAfter: true), new SafeApplyOptions([], TimeSpan.FromSeconds(5), TimeSpan.Zero), time);
        var result = await reconciler.RunAsync(Desired(withUplink: false), dryRun: false, CancellationToken.None);
        Assert.Empty(fake.Applied);
        Assert.StartsWith("refused before applying: it removes eth1", result.RolledBack, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // a device without Open vSwitch and a manifest without bridges: the document is still read once
    public async Task A_damaged_rollback_document_is_set_aside_by_the_stage_and_said_once_by_the_pass(bool switchThere)
    {
        var store = new MemoryStateStore();
        store.Documents["network-rolled-back.json"] = "{\"fingerprintSha256\": 7}"u8.ToArray();
        var runtime = new FakeContainerRuntime();
        var ovs = new OvsReconciler(new FakeSwitch(Switch()) { Available = switchThere }, null, null, new SafeApplyOptions([], TimeSpan.FromSeconds(5), TimeSpan.Zero), time, store);
        var reconciler = new Reconciler(runtime, new PlanRunner(runtime, TimeProvider.System), ovs, null, null, new RollbackLedger(TimeProvider.System), TimeProvider.System, new ImageLedger());
        var desired = TestManifests.DesiredOf(("web", TestManifests.App()));

        var first = await reconciler.RunPassAsync(desired, dryRun: false, default);
        var second = await reconciler.RunPassAsync(desired, dryRun: false, default);

        Assert.StartsWith("state document network-rolled-back.json cannot be used (", Assert.Single(first.StateSetAside), StringComparison.Ordinal);
        Assert.Empty(second.StateSetAside);
        Assert.Equal("{\"fingerprintSha256\": 7}"u8.ToArray(), store.Documents["network-rolled-back.json.unreadable"]);
    }

    private sealed class FakeSwitch(ObservedOvs first, ObservedOvs? afterApply = null) : IOvsSwitch
    {
        public ObservedOvs Next { get; set; } = first;
        public int RoundTrips => Applied.Count;
        public List<IReadOnlyList<OvsChange>> Applied { get; } = [];

        public bool Available { get; init; } = true;

        public Task<bool> IsAvailableAsync(CancellationToken cancellationToken) => Task.FromResult(Available);

        public Task<ObservedOvs> ObserveAsync(CancellationToken cancellationToken) => Task.FromResult(Next);

        public Task ApplyAsync(IReadOnlyList<OvsChange> changes, CancellationToken cancellationToken)
        {
            Applied.Add(changes);
            if (afterApply is not null && Applied.Count == 1)
            {
                Next = afterApply;
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Reachable before the change as scripted, then as scripted after it; each probe moves the clock by a second.</summary>
    private sealed class ScriptedProbe(FakeTimeProvider time, bool reachableAfter, bool reachableBefore = true) : IReachabilityProbe
    {
        private int calls;

        public IReadOnlyList<string> Hosts { get; } = ["192.0.2.10"];

        public Task<bool> ReachableAsync(CancellationToken cancellationToken)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return Task.FromResult(calls++ == 0 ? reachableBefore : reachableAfter);
        }
    }
}
