using System.Text.Json;
using EdgeAgent.Docker.Engine;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Planning;
using EdgeAgent.Docker;
using EdgeAgent.Ovs;

namespace EdgeAgent.Tests.Adapters;

/// <summary>The adapters' pure halves, without daemons: OVSDB encoding and decoding, Docker inspect mapping.</summary>
public sealed class AdapterMappingTests
{
    [Fact]
    public void A_new_bridge_with_a_port_is_one_set_of_owned_inserts_hung_on_the_given_root()
    {
        var bridge = new DesiredBridge
        {
            Name = "docker-gre",
            DatapathType = "netdev",
            Ports = new Dictionary<string, DesiredPort> { ["gre-1"] = new() { Name = "gre-1", Type = "gre", Options = new Dictionary<string, string> { ["remote_ip"] = "192.168.7.2" } } },
        };
        var operations = OvsdbOperations.Encode([new CreateBridge(bridge), new DeleteBridge("bridge-uuid", "old")], "root-uuid");
        var json = operations.Select(o => o.ToJsonString()).ToList();

        Assert.Equal(["insert Interface", "insert Port", "insert Bridge", "mutate Open_vSwitch", "mutate Open_vSwitch"], operations.Select(o => $"{o["op"]} {o["table"]}"));
        Assert.All(json.Take(3), j => Assert.Contains($"\"external_ids\":[\"map\",[[\"{OvsOwnership.Key}\",\"{OvsOwnership.Value}\"]]]", j, StringComparison.Ordinal));
        Assert.Contains("\"root-uuid\"", json[3], StringComparison.Ordinal);
        Assert.Contains("[\"bridges\",\"insert\",[\"set\",[[\"named-uuid\",\"row2\"]]]]", json[3], StringComparison.Ordinal);
        Assert.Contains("[\"bridges\",\"delete\",[\"set\",[[\"uuid\",\"bridge-uuid\"]]]]", json[4], StringComparison.Ordinal);
    }

    [Fact]
    public void A_select_reply_decodes_into_the_observed_switch()
    {
        using var reply = JsonDocument.Parse("""
            [
              { "rows": [ { "_uuid": ["uuid", "root"] } ] },
              { "rows": [ { "_uuid": ["uuid", "b1"], "name": "br0", "ports": ["uuid", "p1"], "datapath_type": "netdev", "stp_enable": false,
                            "other_config": ["map", []], "external_ids": ["map", [["edgeagent-owner", "edge-agent"]]] } ] },
              { "rows": [ { "_uuid": ["uuid", "p1"], "name": "gre-1", "interfaces": ["set", [["uuid", "i1"]]], "tag": ["set", []], "protected": true,
                            "external_ids": ["map", []] } ] },
              { "rows": [ { "_uuid": ["uuid", "i1"], "name": "gre-1", "type": "gre", "options": ["map", [["remote_ip", "192.168.7.2"]]],
                            "mtu_request": ["set", []], "external_ids": ["map", []], "link_state": "up" } ] }
            ]
            """);
        var observed = OvsdbRows.Decode(reply.RootElement);

        Assert.Equal("root", observed.RootUuid);
        var bridge = Assert.Single(observed.Bridges);
        Assert.Equal(("br0", "netdev"), (bridge.Name, bridge.DatapathType));
        var port = Assert.Single(bridge.Ports);
        Assert.True(port.Protected);
        Assert.Null(port.Tag);
        var iface = Assert.Single(port.Interfaces);
        Assert.Equal(("gre", "192.168.7.2", "up"), (iface.Type, iface.Options["remote_ip"], iface.LinkState));
    }

    [Fact]
    public void A_reply_without_the_root_row_is_a_retryable_error_naming_the_fix()
    {
        using var reply = JsonDocument.Parse("""[ { "rows": [] }, { "rows": [] }, { "rows": [] }, { "rows": [] } ]""");
        var ex = Assert.Throws<EdgeAgent.Core.Abstractions.StepFailedException>(() => OvsdbRows.Decode(reply.RootElement));
        Assert.Contains("ovs-vsctl init", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_inspection_maps_to_the_observed_container_with_its_limits()
    {
        var inspected = new ContainerDetails
        {
            Id = "abc",
            Name = "/web",
            Image = "sha256:1",
            RestartCount = 3,
            Config = new ContainerConfigDetails { Labels = new Dictionary<string, string> { [DockerLabels.SpecHash] = "h1" } },
            State = new ContainerStateDetails { Running = true, Status = "running", Health = new HealthDetails { Status = "healthy" } },
            HostConfig = new HostResources { Memory = 64 << 20, NanoCpus = 500_000_000, CpusetCpus = "0", PidsLimit = 32 },
        };
        var observed = DockerContainerMapping.ToObserved(inspected, "web");

        Assert.Equal(("abc", "web", "web", "h1", true, "healthy", 3L), (observed.Id, observed.Name, observed.App, observed.SpecHash, observed.Running, observed.Health, observed.RestartCount));
        Assert.Equal((64L << 20, 500_000_000L, "0", 32L), (observed.Resources.MemoryBytes, observed.Resources.NanoCpus, observed.Resources.CpusetCpus, observed.Resources.PidsLimit));
    }
}
