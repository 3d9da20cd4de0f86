using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests.Ovs;

/// <summary>The agent's Open vSwitch stage against a real ovsdb-server and ovs-vswitchd (userspace datapath).</summary>
[Collection(DockerTests.Name)]
public sealed class OvsReconcileTests(DockerHost docker, OvsHost ovs) : IClassFixture<OvsHost>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory temp = new();

    public async Task InitializeAsync()
    {
        await docker.ResetAsync();
        // Each test starts from an empty switch (plus what it creates by hand).
        foreach (var bridge in (await ovs.VsctlAsync("list-br")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await ovs.VsctlAsync("--if-exists", "del-br", bridge.Trim());
        }
    }

    public Task DisposeAsync()
    {
        temp.Dispose();
        return Task.CompletedTask;
    }

    private static string Manifest(long version, string peers = "\"192.168.7.1\", \"192.168.7.2\", \"192.168.7.3\"", string extraPorts = "") => $$"""
        {
          "apiVersion": "edge/v1", "kind": "Manifest",
          "metadata": { "name": "mesh", "version": {{version}}, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z",
                        "target": { "devices": ["pi-01"] } },
          "spec": {
            "apps": {},
            "ovs": {
              "bridges": {
                "docker-gre": { "datapathType": "netdev", "stp": false, "mtu": 1462, "ports": {
                  "overlay0": { "type": "internal", "addresses": ["10.9.0.3/24"] },
                  "to-lan": { "type": "patch", "peer": "to-gre" }{{extraPorts}} } },
                "lan": { "datapathType": "netdev", "otherConfig": { "hwaddr": "02:00:00:00:00:03" }, "ports": {
                  "to-gre": { "type": "patch", "peer": "to-lan" },
                  "vlan10": { "type": "internal", "tag": 10 } } }
              },
              "mesh": { "bridge": "docker-gre", "type": "gre", "localIp": "192.168.7.3", "peers": [ {{peers}} ] }
            }
          }
        }
        """;

    private string Config(string policy = "") => temp.Write("agent.json", $$"""
        {
          "deviceId": "pi-01", "stateDir": "{{temp.File("state")}}", "trustRoot": "{{temp.File("root.json")}}",
          "allowUnsigned": true,
          "docker": { "endpoint": "{{DockerHost.Endpoint}}" },
          "ovsdb": { "endpoint": "{{ovs.Endpoint}}" },
          "policy": { "requireDigest": false{{policy}} }
        }
        """);

    private async Task<(int Exit, string Stdout, string Stderr)> ApplyAsync(string manifest, string? config = null) =>
        await AgentProcess.RunAsync(["apply", "--manifest", temp.Write("m.json", manifest), "--once", "--config", config ?? Config()], netns: ovs.Namespace);

    [Fact]
    public async Task Bridges_patch_tunnel_and_internal_ports_are_created_and_a_second_pass_changes_nothing()
    {
        var (exit, stdout, stderr) = await ApplyAsync(Manifest(1));
        Assert.True(exit == 0, stdout + stderr);

        Assert.Equal(new[] { "gre-c0a80701", "gre-c0a80702", "overlay0", "to-lan" }, (await ovs.PortsAsync("docker-gre")).Order(StringComparer.Ordinal));
        Assert.Equal(["to-gre", "vlan10"], (await ovs.PortsAsync("lan")).Order(StringComparer.Ordinal));
        Assert.Equal("gre", (await ovs.VsctlAsync("get", "Interface", "gre-c0a80701", "type")).Trim());
        Assert.Equal("\"192.168.7.1\"", (await ovs.VsctlAsync("get", "Interface", "gre-c0a80701", "options:remote_ip")).Trim());
        Assert.Equal("to-lan", (await ovs.VsctlAsync("get", "Interface", "to-gre", "options:peer")).Trim().Trim('"'));
        Assert.Equal("10", (await ovs.VsctlAsync("get", "Port", "vlan10", "tag")).Trim());
        Assert.Equal("1462", (await ovs.VsctlAsync("get", "Interface", "docker-gre", "mtu_request")).Trim());
        Assert.Equal("netdev", (await ovs.VsctlAsync("get", "Bridge", "lan", "datapath_type")).Trim());
        Assert.Contains("inet 10.9.0.3/24", await ovs.InNamespaceAsync("ip", "addr", "show", "dev", "overlay0"), StringComparison.Ordinal);
        Assert.Contains("edgeagent-owner=edge-agent", (await ovs.VsctlAsync("get", "Port", "to-lan", "external_ids")).Replace("\"", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var before = await ovs.DumpAsync();
        var (again, againOut, againErr) = await ApplyAsync(Manifest(1));
        Assert.True(again == 0, againOut + againErr);
        Assert.Contains("pass 1: nothing to do", againOut, StringComparison.Ordinal);
        Assert.Equal(before, await ovs.DumpAsync());
    }

    [Fact]
    public async Task A_peer_removed_from_the_mesh_removes_exactly_its_port_and_unowned_rows_survive_every_pass()
    {
        await ovs.VsctlAsync("add-br", "br-phy", "--", "set", "bridge", "br-phy", "datapath_type=netdev");
        await ovs.VsctlAsync("add-port", "br-phy", "uplink0", "--", "set", "interface", "uplink0", "type=internal");
        Assert.Equal(0, (await ApplyAsync(Manifest(1))).Exit);
        // A port added by hand to the agent's own bridge is not the agent's either.
        await ovs.VsctlAsync("add-port", "docker-gre", "manual0", "--", "set", "interface", "manual0", "type=internal");
        var interfaces = await ovs.VsctlAsync("--columns=_uuid", "--format=csv", "list", "Interface", "gre-c0a80701", "overlay0", "to-lan");

        var (exit, stdout, stderr) = await ApplyAsync(Manifest(2, peers: "\"192.168.7.1\", \"192.168.7.3\""));
        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal(["gre-c0a80701", "manual0", "overlay0", "to-lan"], (await ovs.PortsAsync("docker-gre")).Order(StringComparer.Ordinal));
        Assert.Contains("delete port gre-c0a80702 from docker-gre", stdout, StringComparison.Ordinal);
        Assert.Equal(interfaces, await ovs.VsctlAsync("--columns=_uuid", "--format=csv", "list", "Interface", "gre-c0a80701", "overlay0", "to-lan"));

        // Without any OVS section the agent removes its bridges, and only its bridges.
        var withoutOvs = """{ "apiVersion": "edge/v1", "kind": "Manifest", "metadata": { "name": "mesh", "version": 3, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z", "target": { "devices": ["pi-01"] } }, "spec": { "apps": {} } }""";
        Assert.Equal(0, (await ApplyAsync(withoutOvs)).Exit);
        Assert.Equal(["br-phy"], (await ovs.VsctlAsync("list-br")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["uplink0"], await ovs.PortsAsync("br-phy"));
    }

    [Fact]
    public async Task Drift_is_repaired_at_once_by_the_daemon()
    {
        File.WriteAllText(temp.File("daemon.json"), Manifest(1));
        var config = File.ReadAllText(Config()).Replace("\"allowUnsigned\": true,", $"\"allowUnsigned\": true, \"manifestFile\": \"{temp.File("daemon.json")}\", \"resyncSeconds\": 3600,", StringComparison.Ordinal);
        File.WriteAllText(temp.File("agent.json"), config);
        using var agent = AgentProcess.Start(["run", "--config", temp.File("agent.json")], new Dictionary<string, string> { ["EDGEAGENT_LOG_LEVEL"] = "Debug" }, ovs.Namespace);
        try
        {
            await DockerHost.EventuallyAsync(() => Task.FromResult(agent.Stdout.Contains("Pass (verify): converged", StringComparison.Ordinal)), Timeout, "the mesh is built and verified");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException($"{ex.Message}\n{agent.Stdout}\n{agent.Stderr}", ex);
        }


        await ovs.VsctlAsync("del-port", "docker-gre", "gre-c0a80702");
        await ovs.VsctlAsync("set", "Interface", "gre-c0a80701", "options:remote_ip=192.168.7.99");
        await DockerHost.EventuallyAsync(
            async () => (await PortsOrNoneAsync("docker-gre")).Contains("gre-c0a80702")
                && (await ovs.VsctlAsync("get", "Interface", "gre-c0a80701", "options:remote_ip")).Trim() == "\"192.168.7.1\"",
            TimeSpan.FromSeconds(20),
            "the deleted port is back and the changed option restored, long before the hourly resync");
        await DockerHost.EventuallyAsync(() => Task.FromResult(agent.Stdout.Contains("Pass (OVSDB changed)", StringComparison.Ordinal)), Timeout, "the pass was woken by the OVSDB monitor");
    }

    private async Task<string[]> PortsOrNoneAsync(string bridge)
    {
        try
        {
            return await ovs.PortsAsync(bridge);
        }
        catch (InvalidOperationException)
        {
            return []; // not created yet
        }
    }

    [Theory]
    [InlineData("\"datapathType\": \"netdev\", \"stp\": false, \"mtu\": 1462", "\"datapathType\": \"netdev\", \"stp\": false, \"mtu\": 9", "$.spec.ovs.bridges.docker-gre.mtu")]
    [InlineData("\"type\": \"patch\", \"peer\": \"to-gre\"", "\"type\": \"patch\"", "$.spec.ovs.bridges.docker-gre.ports.to-lan.peer")]
    [InlineData("\"localIp\": \"192.168.7.3\"", "\"localIp\": \"pi-03\"", "$.spec.ovs.mesh.localIp")]
    public async Task A_malformed_network_section_is_rejected_with_the_field_named_and_nothing_changes(string valid, string broken, string field)
    {
        Assert.Equal(0, (await ApplyAsync(Manifest(1))).Exit);
        var before = await ovs.DumpAsync();

        var (exit, _, stderr) = await ApplyAsync(Manifest(2, peers: "\"192.168.7.1\"").Replace(valid, broken, StringComparison.Ordinal));
        Assert.Equal(1, exit);
        Assert.Contains(field, stderr, StringComparison.Ordinal);
        Assert.Equal(before, await ovs.DumpAsync());
    }

    [Fact]
    public async Task A_manifest_that_puts_a_protected_interface_on_a_bridge_is_refused_up_front()
    {
        var (exit, _, stderr) = await ApplyAsync(
            Manifest(1, extraPorts: ", \"eth0\": { \"type\": \"system\" }"),
            Config(", \"protectedInterfaces\": [\"eth0\"]"));
        Assert.Equal(1, exit);
        Assert.Contains("protected-interface", stderr, StringComparison.Ordinal);
        Assert.Contains("$.spec.ovs.bridges.docker-gre.ports.eth0", stderr, StringComparison.Ordinal);
        Assert.Empty((await ovs.VsctlAsync("list-br")).Trim());
    }
}
