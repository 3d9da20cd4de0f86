using System.Diagnostics;
using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests.Ovs;

/// <summary>
/// Commit-confirm on a real switch: the device (the OVS namespace) reaches its "broker" (an HTTP
/// server in a peer namespace) through a veth on an agent-owned bridge. A change that takes the
/// veth off the bridge cuts that path; the agent must notice within the confirm window and restore it.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class SafeApplyTests(DockerHost docker, OvsHost ovs) : IClassFixture<OvsHost>, IAsyncLifetime
{
    private readonly TempDirectory temp = new();
    private readonly string suffix = Guid.NewGuid().ToString("N")[..6];
    private Process? server;

    private string Peer => "edgeagent-peer-" + suffix;
    private string DeviceVeth => "vd" + suffix;

    public async Task InitializeAsync()
    {
        await docker.ResetAsync();
        await OvsHost.RunAsync("ip", "netns", "add", Peer);
        await OvsHost.RunAsync("ip", "link", "add", DeviceVeth, "type", "veth", "peer", "name", "vp" + suffix);
        await OvsHost.RunAsync("ip", "link", "set", DeviceVeth, "netns", ovs.Namespace);
        await OvsHost.RunAsync("ip", "link", "set", "vp" + suffix, "netns", Peer);
        await ovs.InNamespaceAsync("ip", "link", "set", DeviceVeth, "up");
        foreach (var command in new[] { new[] { "ip", "link", "set", "lo", "up" }, ["ip", "addr", "add", "10.55.0.1/24", "dev", "vp" + suffix], ["ip", "link", "set", "vp" + suffix, "up"],
            // A kernel-side veth hands OVS's userspace datapath packets with partial checksums: turn that off, as on any veth underlay.
            ["ethtool", "-K", "vp" + suffix, "tx", "off"] })
        {
            await OvsHost.RunAsync("ip", ["netns", "exec", Peer, .. command]);
        }

        Directory.CreateDirectory(temp.File("www"));
        File.WriteAllText(temp.File("www/index.html"), "broker here");
        server = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", Peer, "busybox", "httpd", "-f", "-p", "10.55.0.1:18080", "-h", temp.File("www")]) { UseShellExecute = false })!;
    }

    public async Task DisposeAsync()
    {
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        server?.Dispose();
        await OvsHost.RunAsync("ip", "netns", "delete", Peer); // takes the veth pair with it
        await ovs.VsctlAsync("--if-exists", "del-br", "br-up");
        temp.Dispose();
    }

    private string Manifest(long version, bool withUplink, bool withAddress = true) => $$"""
        {
          "apiVersion": "edge/v1", "kind": "Manifest",
          "metadata": { "name": "underlay", "version": {{version}}, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z",
                        "target": { "devices": ["pi-01"] } },
          "spec": { "apps": {}, "ovs": { "bridges": { "br-up": { "datapathType": "netdev", "ports": {
            {{(withAddress ? "\"up0\": { \"type\": \"internal\", \"addresses\": [\"10.55.0.2/24\"] }" : "\"other0\": { \"type\": \"internal\" }")}}{{(withUplink ? $", \"{DeviceVeth}\": {{ \"type\": \"system\" }}" : "")}} } } } } }
        }
        """;

    private async Task<(int Exit, string Stdout, string Stderr)> ApplyAsync(string manifest) =>
        await AgentProcess.RunAsync(
            ["apply", "--manifest", temp.Write("m.json", manifest), "--once", "--config", temp.Write("agent.json", $$"""
                {
                  "deviceId": "pi-01", "stateDir": "{{temp.File("state")}}", "trustRoot": "{{temp.File("root.json")}}", "allowUnsigned": true,
                  "docker": { "endpoint": "{{DockerHost.Endpoint}}" }, "ovsdb": { "endpoint": "{{ovs.Endpoint}}" },
                  "network": { "probes": ["10.55.0.1:18080"], "confirmSeconds": 4 },
                  "policy": { "requireDigest": false }
                }
                """)],
            netns: ovs.Namespace);

    private async Task<bool> BrokerReachableAsync()
    {
        try
        {
            return (await ovs.InNamespaceAsync("curl", "-fsS", "-m", "2", "http://10.55.0.1:18080/")).Contains("broker here", StringComparison.Ordinal);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_change_that_cuts_the_device_off_its_broker_is_rolled_back_and_the_path_works_again()
    {
        var (exit, stdout, stderr) = await ApplyAsync(Manifest(1, withUplink: true));
        Assert.True(exit == 0, stdout + stderr);
        await DockerHost.EventuallyAsync(BrokerReachableAsync, TimeSpan.FromSeconds(20), "the broker is reachable over the agent's underlay bridge");

        var (cutExit, cutOut, cutErr) = await ApplyAsync(Manifest(2, withUplink: false));
        Assert.True(cutExit == 1, cutOut + cutErr);
        Assert.Contains($"delete port {DeviceVeth} from br-up", cutOut, StringComparison.Ordinal);
        Assert.Contains("network change rolled back", cutOut, StringComparison.Ordinal);
        Assert.Contains(DeviceVeth, await ovs.PortsAsync("br-up"));
        Assert.True(await BrokerReachableAsync(), "the underlay path works again after the rollback");

        // The agent starts again (a new process) with the same desired network: it remembers, and
        // keeps the previous network instead of cutting the device off once more.
        var (againExit, againOut, againErr) = await ApplyAsync(Manifest(2, withUplink: false));
        Assert.True(againExit == 1, againOut + againErr);
        Assert.Contains("network change rolled back", againOut, StringComparison.Ordinal);
        Assert.DoesNotContain("ovs     delete port", againOut, StringComparison.Ordinal);
        Assert.Contains("pass 1: nothing to do", againOut, StringComparison.Ordinal);
        Assert.Contains(DeviceVeth, await ovs.PortsAsync("br-up"));
    }

    [Fact]
    public async Task A_change_that_removes_the_interface_routing_to_the_broker_is_refused_before_anything_changes()
    {
        Assert.Equal(0, (await ApplyAsync(Manifest(1, withUplink: true))).Exit);
        await DockerHost.EventuallyAsync(BrokerReachableAsync, TimeSpan.FromSeconds(20), "the broker is reachable over the agent's underlay bridge");
        var before = await ovs.DumpAsync();

        var (exit, stdout, stderr) = await ApplyAsync(Manifest(2, withUplink: true, withAddress: false));
        Assert.True(exit == 1, stdout + stderr);
        Assert.Contains("refused before applying: it removes up0, the interface this device reaches 10.55.0.1 through", stdout, StringComparison.Ordinal);
        Assert.Equal(before, await ovs.DumpAsync());
        Assert.True(await BrokerReachableAsync());
    }
}
