using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests.Testbed;

/// <summary>
/// The thesis's GRE mesh, end to end: one real agent per simulated device, each converging its own
/// manifest on its own dockerd and Open vSwitch. The agents build the underlay (br-phy) and the
/// full mesh; containers on different devices talk over the overlay; a device taken out of the mesh
/// is unreachable; an underlay misconfiguration is rolled back and the device is reachable again.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class ThesisTestbedTests(ThesisTestbed testbed) : IClassFixture<ThesisTestbed>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly string[] FullMesh = ["192.168.77.1", "192.168.77.2", "192.168.77.3"];

    private static string Manifest(TestbedDevice device, long version, string[] peers, int? uplinkTag = null) => $$"""
        {
          "apiVersion": "edge/v1", "kind": "Manifest",
          "metadata": { "name": "{{device.Id}}", "version": {{version}}, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z",
                        "target": { "devices": ["{{device.Id}}"] } },
          "spec": {
            "apps": {
              "web": {
                "image": "{{ThesisTestbed.Image}}", "init": true, "stopGracePeriodSeconds": 2, "networks": ["edge"],
                "command": ["sh", "-c", "mkdir -p /www && echo device {{device.Index}} > /www/index.html && exec httpd -f -p 80 -h /www"]
              }
            },
            "networks": {
              "edge": { "subnet": "172.30.0.0/16", "ipRange": "172.30.{{device.Index}}.0/24", "gateway": "172.30.0.{{device.Index}}", "mtu": 1462, "ovsBridge": "docker-gre" }
            },
            "ovs": {
              "bridges": {
                "br-phy": { "datapathType": "netdev", "ports": {
                  "eth0": { "type": "system"{{(uplinkTag is { } tag ? $", \"tag\": {tag}" : "")}} },
                  "br-phy": { "type": "internal", "addresses": ["{{device.UnderlayIp}}/24"] } } },
                "docker-gre": { "datapathType": "netdev", "mtu": 1462, "ports": {} }
              },
              "mesh": { "bridge": "docker-gre", "type": "gre", "localIp": "{{device.UnderlayIp}}", "peers": [{{string.Join(", ", peers.Select(p => $"\"{p}\""))}}] }
            }
          }
        }
        """;

    private string Publish(TestbedDevice device, long version, string[] peers, int? uplinkTag = null)
    {
        var path = testbed.File($"{device.Id}.manifest.json");
        var staging = path + ".tmp";
        File.WriteAllText(staging, Manifest(device, version, peers, uplinkTag));
        File.Move(staging, path, overwrite: true); // whole, as an SD card or a publisher would write it
        return path;
    }

    private AgentProcess StartAgent(TestbedDevice device, string manifest)
    {
        var config = testbed.File($"{device.Id}.agent.json");
        File.WriteAllText(config, $$"""
            {
              "deviceId": "{{device.Id}}", "stateDir": "{{device.Root}}/state", "trustRoot": "{{device.Root}}/root.json",
              "manifestFile": "{{manifest}}", "allowUnsigned": true,
              "docker": { "endpoint": "unix://{{device.DockerSocket}}" }, "ovsdb": { "endpoint": "unix:{{device.OvsSocket}}" },
              "network": { "probes": ["{{ThesisTestbed.ManagementEndpoint}}"], "confirmSeconds": 6 },
              "policy": { "requireDigest": false }, "resyncSeconds": 2
            }
            """);
        return AgentProcess.Start(["run", "--config", config], netns: device.Namespace);
    }

    /// <summary>An HTTP GET from the web container on <paramref name="from"/> to the one on <paramref name="to"/>, over the overlay.</summary>
    private static async Task<string?> FetchAsync(TestbedDevice from, TestbedDevice to)
    {
        try
        {
            var address = await to.OverlayAddressAsync("web", "edge");
            return (await from.DockerAsync("exec", "web", "timeout", "5", "wget", "-qO-", $"http://{address}/")).Trim();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private async Task<bool> PingsFromLanAsync(TestbedDevice device)
    {
        try
        {
            await testbed.InLanAsync("busybox", "ping", "-c", "1", "-W", "2", device.UnderlayIp);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what, IEnumerable<AgentProcess> agents)
    {
        try
        {
            await DockerHost.EventuallyAsync(condition, Timeout, what);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException(ex.Message + string.Concat(agents.Select((a, i) => $"\n--- agent pi-0{i + 1} ---\n{a.Stdout}{a.Stderr}")), ex);
        }
    }

    [Fact]
    public async Task Agents_build_the_gre_mesh_containers_talk_across_it_a_removed_peer_is_cut_off_and_a_broken_underlay_is_rolled_back()
    {
        var (dev1, dev2, dev3) = (testbed.Devices[0], testbed.Devices[1], testbed.Devices[2]);
        var agents = testbed.Devices.Select(d => StartAgent(d, Publish(d, 1, FullMesh))).ToList();
        try
        {
            // The full mesh: every device has one tunnel per other device, and containers reach each other.
            // (The agents converge independently: every check waits for the device it depends on.)
            await EventuallyAsync(async () => await FetchAsync(dev1, dev3) == "device 3", "a container on pi-01 fetches from the container on pi-03 over GRE", agents);
            await EventuallyAsync(async () => await FetchAsync(dev1, dev2) == "device 2", "a container on pi-01 fetches from the container on pi-02", agents);
            await EventuallyAsync(async () => await FetchAsync(dev3, dev1) == "device 1", "a container on pi-03 fetches from the container on pi-01", agents);
            foreach (var device in testbed.Devices)
            {
                var tunnels = FullMesh.Where(p => p != device.UnderlayIp).Select(p => "gre-" + Convert.ToHexStringLower(System.Net.IPAddress.Parse(p).GetAddressBytes())).ToList();
                Assert.Equal(tunnels, await device.PortsAsync("docker-gre"));
            }

            // ovs-vswitchd stopped with --cleanup and started again (a reinstall): the bridge's interface
            // is new and in no Linux bridge; the next pass joins it to the Docker network again.
            await dev3.RestartSwitchAsync();
            await EventuallyAsync(async () => await FetchAsync(dev1, dev3) == "device 3", "pi-03 rejoins its containers to the overlay after ovs-vswitchd restarted", agents);
            Assert.True(agents[2].Stdout.Split("attach docker-gre to Docker network edge").Length > 2, "attached once at start and again after the restart:\n" + agents[2].Stdout);

            // Device 3 leaves the mesh: its tunnels go, and nothing on pi-01 reaches it any more.
            string[] withoutThree = ["192.168.77.1", "192.168.77.2"];
            Publish(dev1, 2, withoutThree);
            Publish(dev2, 2, withoutThree);
            Publish(dev3, 2, ["192.168.77.3"]);
            await EventuallyAsync(async () => (await dev1.PortsAsync("docker-gre")) is ["gre-c0a84d02"], "pi-01 keeps exactly its tunnel to pi-02", agents);
            await EventuallyAsync(async () => await FetchAsync(dev1, dev3) is null, "pi-01 can no longer reach pi-03's container", agents);
            await EventuallyAsync(async () => (await dev3.PortsAsync("docker-gre")).Length == 0, "pi-03 has no tunnels left", agents);
            Assert.Equal("device 2", await FetchAsync(dev1, dev2));

            // An underlay mistake on pi-02 (its uplink put on VLAN 99) cuts it off the LAN: rolled back.
            Publish(dev2, 3, withoutThree, uplinkTag: 99);
            await EventuallyAsync(() => Task.FromResult(agents[1].Stdout.Contains("Network change rolled back", StringComparison.Ordinal)), "pi-02 rolls the underlay change back", agents);
            Assert.Contains("update port eth0", agents[1].Stdout, StringComparison.Ordinal);
            Assert.Equal("[]", (await dev2.VsctlAsync("get", "port", "eth0", "tag")).Trim());
            await EventuallyAsync(async () => await PingsFromLanAsync(dev2), "pi-02 answers on the LAN again", agents);
            await EventuallyAsync(async () => await FetchAsync(dev1, dev2) == "device 2", "pi-01 reaches pi-02's container again", agents);
        }
        finally
        {
            foreach (var agent in agents)
            {
                agent.Dispose();
            }
        }
    }
}
