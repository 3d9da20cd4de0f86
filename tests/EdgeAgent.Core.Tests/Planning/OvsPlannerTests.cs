using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Tests.Planning;

public sealed class OvsPlannerTests
{
    private static readonly Dictionary<string, string> Owned = new() { [OvsOwnership.Key] = OvsOwnership.Value };
    private static readonly HashSet<string> NoneProtected = [];

    private static DesiredOvs Mesh(string localIp, params string[] peers) => DesiredOvs.From(new OvsSpec
    {
        Bridges = new Dictionary<string, OvsBridgeSpec>
        {
            ["docker-gre"] = new() { DatapathType = "netdev", Mtu = 1462, Ports = new Dictionary<string, OvsPortSpec> { ["gre-ovs"] = new() { Type = "internal", Addresses = ["10.9.0.1/24"] } } },
        },
        Mesh = new OvsMeshSpec { Bridge = "docker-gre", LocalIp = localIp, Peers = peers },
    });

    private static ObservedPort Port(string name, string type = "internal", Dictionary<string, string>? options = null, int? mtu = null, bool owned = true, bool isProtected = false) => new()
    {
        Uuid = "p-" + name,
        Name = name,
        Protected = isProtected,
        ExternalIds = owned ? Owned : [],
        Interfaces = [new ObservedInterface { Uuid = "i-" + name, Name = name, Type = type, Options = options ?? [], MtuRequest = mtu, ExternalIds = owned ? Owned : [] }],
    };

    private static ObservedOvs Observed(params ObservedBridge[] bridges) => new() { RootUuid = "root", Bridges = bridges };

    private static ObservedBridge Converged(DesiredOvs desired, string name = "docker-gre") => new()
    {
        Uuid = "b-" + name,
        Name = name,
        DatapathType = "netdev",
        ExternalIds = Owned,
        Ports = [.. desired.Bridges[name].Ports.Values.Select(p => Port(p.Name, p.Type, new Dictionary<string, string>(p.Options), p.MtuRequest, isProtected: p.Protected)), Port(name, mtu: 1462)],
    };

    [Fact]
    public void The_mesh_becomes_one_tunnel_port_per_other_peer_named_by_address()
    {
        var desired = Mesh("192.168.7.3", "192.168.7.1", "192.168.7.2", "192.168.7.3");
        Assert.Equal(["gre-c0a80701", "gre-c0a80702", "gre-ovs"], desired.Bridges["docker-gre"].Ports.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("192.168.7.2", desired.Bridges["docker-gre"].Ports["gre-c0a80702"].Options["remote_ip"]);
    }

    [Fact]
    public void Mesh_tunnels_are_protected_ports_so_a_full_mesh_never_forwards_tunnel_to_tunnel()
    {
        var desired = Mesh("192.168.7.3", "192.168.7.1", "192.168.7.2");
        Assert.All(desired.Bridges["docker-gre"].Ports.Values.Where(p => p.Type == "gre"), p => Assert.True(p.Protected));
        Assert.False(desired.Bridges["docker-gre"].Ports["gre-ovs"].Protected);

        // A tunnel someone made unprotected by hand is drift: repaired in place.
        var converged = Converged(desired);
        var drifted = converged with { Ports = [.. converged.Ports.Select(p => p.Name == "gre-c0a80701" ? p with { Protected = false } : p)] };
        var update = Assert.IsType<UpdatePort>(Assert.Single(OvsPlanner.Compute(desired, Observed(drifted), NoneProtected).Changes));
        Assert.Equal("gre-c0a80701", update.Port.Name);
        Assert.Contains("protected", update.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void From_empty_one_bridge_is_created_with_all_its_ports_and_its_own()
    {
        var plan = OvsPlanner.Compute(Mesh("192.168.7.3", "192.168.7.1", "192.168.7.2"), Observed(), NoneProtected);
        var create = Assert.IsType<CreateBridge>(Assert.Single(plan.Changes));
        Assert.Equal(["docker-gre", "gre-c0a80701", "gre-c0a80702", "gre-ovs"], create.Bridge.Ports.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1462, create.Bridge.Ports["docker-gre"].MtuRequest);
    }

    [Fact]
    public void A_converged_switch_plans_nothing()
    {
        var desired = Mesh("192.168.7.3", "192.168.7.1", "192.168.7.2");
        var plan = OvsPlanner.Compute(desired, Observed(Converged(desired)), NoneProtected);
        Assert.True(plan.IsEmpty, plan.ToString());
        Assert.Empty(plan.Problems);
    }

    [Fact]
    public void A_peer_removed_from_the_mesh_removes_exactly_its_port()
    {
        var before = Mesh("192.168.7.3", "192.168.7.1", "192.168.7.2");
        var plan = OvsPlanner.Compute(Mesh("192.168.7.3", "192.168.7.1"), Observed(Converged(before)), NoneProtected);
        var delete = Assert.IsType<DeletePort>(Assert.Single(plan.Changes));
        Assert.Equal("gre-c0a80702", delete.Name);
    }

    [Fact]
    public void Unowned_bridges_and_ports_are_never_changed_and_a_name_clash_is_a_problem()
    {
        var desired = Mesh("192.168.7.3", "192.168.7.1");
        var mine = Converged(desired) with { Ports = [.. Converged(desired).Ports, Port("eth-uplink", "", owned: false)] };
        var foreign = new ObservedBridge { Uuid = "b-br-phy", Name = "br-phy", Ports = [Port("br-phy", owned: false)] };
        Assert.True(OvsPlanner.Compute(desired, Observed(mine, foreign), NoneProtected).IsEmpty);

        var clash = OvsPlanner.Compute(desired, Observed(Converged(desired) with { ExternalIds = new Dictionary<string, string>() }), NoneProtected);
        Assert.Empty(clash.Changes);
        Assert.Contains("not managed by the agent", Assert.Single(clash.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Changed_tunnel_options_are_updated_in_place()
    {
        var desired = Mesh("192.168.7.3", "192.168.7.1");
        var drifted = Converged(desired) with
        {
            Ports = [.. Converged(desired).Ports.Where(p => p.Name != "gre-c0a80701"), Port("gre-c0a80701", "gre", new() { ["remote_ip"] = "192.168.7.9" })],
        };
        var update = Assert.IsType<UpdatePort>(Assert.Single(OvsPlanner.Compute(desired, Observed(drifted), NoneProtected).Changes));
        Assert.Equal("i-gre-c0a80701", update.InterfaceUuid);
    }

    [Fact]
    public void Owned_bridges_no_longer_desired_are_deleted_unless_they_hold_a_protected_interface()
    {
        var desired = Mesh("192.168.7.3", "192.168.7.1");
        var old = Converged(desired) with { Name = "old", Uuid = "b-old" };
        Assert.IsType<DeleteBridge>(Assert.Single(OvsPlanner.Compute(DesiredOvs.Empty, Observed(old), NoneProtected).Changes));

        var holdingUplink = old with { Ports = [.. old.Ports, Port("eth0", "")] };
        var plan = OvsPlanner.Compute(DesiredOvs.Empty, Observed(holdingUplink), new HashSet<string> { "eth0" });
        Assert.Empty(plan.Changes);
        Assert.Single(plan.Problems);
    }

    [Fact]
    public void A_manifest_port_on_a_protected_interface_is_refused()
    {
        var desired = DesiredOvs.From(new OvsSpec
        {
            Bridges = new Dictionary<string, OvsBridgeSpec> { ["br-phy"] = new() { Ports = new Dictionary<string, OvsPortSpec> { ["eth0"] = new() { Type = "system" } } } },
        });
        var plan = OvsPlanner.Compute(desired, Observed(), new HashSet<string> { "eth0" });
        Assert.DoesNotContain("eth0", Assert.IsType<CreateBridge>(Assert.Single(plan.Changes)).Bridge.Ports.Keys);
        Assert.Equal("eth0", Assert.Single(plan.Problems).Target);
    }
}
