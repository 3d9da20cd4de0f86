using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Planning;
using EdgeAgent.Core.Tests.Fakes;

namespace EdgeAgent.Core.Tests.Execution;

/// <summary>Docker networks joined to their OVS bridge: when an attachment is made, planned, skipped or reported.</summary>
public sealed class NetworkAttacherTests
{
    private static readonly DesiredNetwork Edge = new() { Name = "edge", Subnet = "172.30.0.0/16", IpRange = "172.30.1.0/24", OvsBridge = "docker-gre", SpecHash = "h" };
    private static readonly string LinuxBridge = Edge.LinuxBridge!;

    private static FakeHostLinks Links(HostLink? ovsPort, bool dockerBridge = true)
    {
        var links = new FakeHostLinks();
        if (ovsPort is not null)
        {
            links.Links[ovsPort.Name] = ovsPort;
        }

        if (dockerBridge)
        {
            links.Links[LinuxBridge] = new HostLink(LinuxBridge, null, Up: true);
        }

        return links;
    }

    public static TheoryData<string, HostLink?, bool, int> Cases() => new()
    {
        // case, the OVS bridge's interface, dry run, attachments made
        { "already a port of the network's bridge: nothing to do", new HostLink("docker-gre", LinuxBridge, true), false, 0 },
        { "not a port of any bridge: attached", new HostLink("docker-gre", null, true), false, 1 },
        { "a port of another bridge: attached", new HostLink("docker-gre", "docker0", true), false, 1 },
        { "attached but down: brought up", new HostLink("docker-gre", LinuxBridge, false), false, 1 },
        { "dry run: planned, not made", new HostLink("docker-gre", null, true), true, 0 },
        { "dry run before the bridge exists: planned", null, true, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Attaches_exactly_when_the_interface_is_not_an_up_port_of_the_networks_bridge(string name, HostLink? ovsPort, bool dryRun, int made)
    {
        var links = Links(ovsPort);
        var attacher = new NetworkAttacher(links, TimeProvider.System, TimeSpan.Zero);
        var (changes, errors) = await attacher.RunAsync([Edge], OvsStageResult.Nothing, dryRun, CancellationToken.None);
        Assert.Empty(errors);
        Assert.Equal(made, links.MasterCalls.Count);
        var needed = dryRun || made > 0;
        Assert.True(needed == (changes.Count == 1), name);
        if (needed)
        {
            Assert.Equal($"attach docker-gre to Docker network edge (bridge {LinuxBridge})", changes[0].Describe());
        }
    }

    [Fact]
    public async Task Networks_without_an_ovs_bridge_and_unowned_bridges_are_left_alone()
    {
        var links = Links(new HostLink("docker-gre", null, true));
        var attacher = new NetworkAttacher(links, TimeProvider.System, TimeSpan.Zero);
        var plain = Edge with { Name = "plain", OvsBridge = null };
        var unowned = new OvsStageResult(OvsPlan.Empty) { Observed = new ObservedOvs { RootUuid = "r", Bridges = [new ObservedBridge { Uuid = "b", Name = "docker-gre", DatapathType = "netdev" }] } };
        var (changes, errors) = await attacher.RunAsync([plain, Edge], unowned, dryRun: false, CancellationToken.None);
        Assert.Empty(changes);
        Assert.Empty(errors);
        Assert.Empty(links.MasterCalls);
    }

    [Fact]
    public async Task A_missing_interface_or_docker_bridge_is_an_error_naming_the_network()
    {
        var attacher = new NetworkAttacher(Links(null), TimeProvider.System, TimeSpan.Zero);
        var (_, noPort) = await attacher.RunAsync([Edge], OvsStageResult.Nothing, dryRun: false, CancellationToken.None);
        Assert.Equal("network edge: OVS bridge docker-gre has no interface; is ovs-vswitchd running?", Assert.Single(noPort));

        attacher = new NetworkAttacher(Links(new HostLink("docker-gre", null, true), dockerBridge: false), TimeProvider.System, TimeSpan.Zero);
        var (_, noBridge) = await attacher.RunAsync([Edge], OvsStageResult.Nothing, dryRun: false, CancellationToken.None);
        Assert.Equal($"network edge: Docker has not created its bridge {LinuxBridge}", Assert.Single(noBridge));
    }

    [Fact]
    public async Task Nothing_is_touched_when_the_switch_could_not_be_observed()
    {
        var links = Links(new HostLink("docker-gre", null, true));
        var failed = new OvsStageResult(OvsPlan.Empty, Error: "OVSDB unreachable at unix:/run/db.sock");
        var (changes, errors) = await new NetworkAttacher(links, TimeProvider.System, TimeSpan.Zero).RunAsync([Edge], failed, dryRun: false, CancellationToken.None);
        Assert.Empty(changes);
        Assert.Empty(errors); // the stage's own error says why
        Assert.Empty(links.MasterCalls);
    }

    [Fact]
    public async Task Only_the_interface_of_a_bridge_created_in_this_pass_is_waited_for()
    {
        var wait = TimeSpan.FromMinutes(10); // long enough that waiting it out would fail the test run
        var created = new OvsStageResult(new OvsPlan([new CreateBridge(new DesiredBridge { Name = "docker-gre", DatapathType = "netdev" })], []));

        var links = Links(null);
        links.Appearing["docker-gre"] = new HostLink("docker-gre", null, Up: false);
        var (changes, errors) = await new NetworkAttacher(links, TimeProvider.System, wait).RunAsync([Edge], created, dryRun: false, CancellationToken.None);
        Assert.Empty(errors);
        Assert.Single(changes);

        // Not created now and not there: ovs-vswitchd is not running. Reported at once, not waited for.
        var stale = Links(null);
        stale.Appearing["docker-gre"] = new HostLink("docker-gre", null, Up: false);
        var (_, notWaited) = await new NetworkAttacher(stale, TimeProvider.System, wait).RunAsync([Edge], OvsStageResult.Nothing, dryRun: false, CancellationToken.None);
        Assert.Single(notWaited);
    }

    [Fact]
    public void The_linux_bridge_name_is_stable_and_fits_an_interface_name()
    {
        Assert.Equal(DesiredNetwork.LinuxBridgeName("edge"), Edge.LinuxBridge);
        Assert.Matches("^eb-[0-9a-f]{8}$", Edge.LinuxBridge);
        Assert.NotEqual(DesiredNetwork.LinuxBridgeName("edge"), DesiredNetwork.LinuxBridgeName("edge2"));
        Assert.Null((Edge with { OvsBridge = null }).LinuxBridge);
    }
}
