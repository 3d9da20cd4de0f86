using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reporting;
using EdgeAgent.IntegrationTests.Agent;
using EdgeAgent.IntegrationTests.Mqtt;
using EdgeAgent.IntegrationTests.Rollouts;

namespace EdgeAgent.IntegrationTests.Dashboard;

/// <summary>
/// `edgectl fleet serve` (the real program) on a real mosquitto, looked at in a real headless
/// chromium: every device shown, a device going offline shown without a reload, the mesh drawn with
/// the right edges, a device's apps; screenshots under artifacts/dashboard.
/// </summary>
public sealed class DashboardTests(DashboardFleet broker) : IClassFixture<DashboardFleet>, IDisposable
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(15);
    private readonly ECDsa rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa opKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task The_page_shows_every_device_live_the_mesh_and_a_devices_apps()
    {
        var root = temp.File("root.json");
        File.WriteAllBytes(root, DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Root, DsseSigner.Serialize(RootDocument.Create(1, [rootKey], 1, [opKey], 1, DateTimeOffset.UtcNow.AddDays(30))), [rootKey])));
        await using var observer = await FleetObserver.StartAsync(broker, DashboardFleet.Group);
        var agents = await SimulatedGroup.StartAsync(broker, DashboardFleet.Agents, DashboardFleet.Group, root, _ => false);
        await using var stopAgents = agents;
        await PublishAsync("edge-operator", Topics.GroupDesired(DashboardFleet.Group), GroupManifest(1), retain: true);
        await DockerHost.EventuallyAsync(() => Task.FromResult(DashboardFleet.Agents.All(d => observer.IsAt(d, 1))), Live, "the simulated agents converged on v1");
        await ReportMeshAsync();

        var port = FreePort();
        using var serve = AgentProcess.StartEdgeCtl(
            ["fleet", "serve", "--listen", $"127.0.0.1:{port}", "--broker", $"mqtts://localhost:{broker.Port}", "--ca", broker.CaFile, "--cert", broker.CertFile("edge-monitor"), "--key", broker.KeyFile("edge-monitor")]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await DockerHost.EventuallyAsync(async () => await Answers(http), Live, $"edgectl fleet serve answers\n{serve.Stdout}\n{serve.Stderr}");

        await using var browser = await WebDriverSession.StartAsync();
        await browser.NavigateAsync($"http://127.0.0.1:{port}/");
        var all = DashboardFleet.Agents.Concat(DashboardFleet.MeshDevices).ToList();
        await browser.UntilAsync(
            $"return {JsonSerializer.Serialize(all)}.every(id => document.querySelector(`#devices tr[data-device='${{id}}']`) !== null);",
            Live,
            "every device in the table");
        await browser.UntilAsync("return document.querySelector(\"#devices tr[data-device='db-00'] td:nth-child(6)\").textContent.includes('group dash v1 (v1)');", Live, "db-00 applied the group's v1, which its topic holds");
        await browser.ScreenshotAsync(Artifact("fleet.png"));

        // The mesh: dm-01 - dm-02 up, dm-01 - dm-03 up, dm-02 - dm-03 down (one side reports its link down).
        var edges = await browser.RunAsync<string>("return [...document.querySelectorAll('#mesh line.edge')].map(l => `${l.dataset.from}-${l.dataset.to}:${l.classList.contains('up') ? 'up' : 'down'}`).sort().join(' ');");
        Assert.Equal("dm-01-dm-02:up dm-01-dm-03:up dm-02-dm-03:down", edges);

        // A device going offline is shown within seconds, without a reload.
        await browser.RunAsync("window.loadedOnce = 'yes'; return true;");
        await agents.StopAsync("db-03");
        await browser.UntilAsync("return document.querySelector(\"#devices tr[data-device='db-03'] td.online\").textContent === 'offline';", Live, "db-03 shown offline");
        Assert.Equal("yes", await browser.RunAsync<string>("return window.loadedOnce;"));
        Assert.Equal("offline", await browser.RunAsync<string>("return document.querySelector(\"#devices tr[data-device='db-03']\").dataset.state;"));

        // A device's page: its apps with state, restarts and limits, and its events as they happen.
        await browser.NavigateAsync($"http://127.0.0.1:{port}/#/device/db-00");
        await browser.UntilAsync("return document.querySelector(\"#device-apps tr[data-app='sensor'] td:nth-child(3)\")?.textContent === 'running';", Live, "db-00's sensor app running");
        Assert.Equal("memory=33554432 pidsLimit=64", await browser.RunAsync<string>("return document.querySelector(\"#device-apps tr[data-app='sensor'] td.limits\").textContent;"));
        await PublishAsync("edge-operator", Topics.GroupDesired(DashboardFleet.Group), GroupManifest(2), retain: true);
        await browser.UntilAsync("return [...document.querySelectorAll('#device-events li')].some(li => li.dataset.type === 'applied' && li.textContent.includes('v2'));", Live, "db-00's applied event for v2 on its page");
        await browser.UntilAsync("return document.querySelector('#device-streams').textContent.includes('group dash v2 (v2)');", Live, "db-00's stream at v2");
        await browser.ScreenshotAsync(Artifact("device.png"));

        // Read-only, and only for requests addressed to loopback (no DNS rebinding).
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync("api/fleet", new StringContent("{}"))).StatusCode);
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "api/fleet");
        rebound.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.MisdirectedRequest, (await http.SendAsync(rebound)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("../../etc/passwd")).StatusCode);
    }

    public void Dispose()
    {
        rootKey.Dispose();
        opKey.Dispose();
        temp.Dispose();
    }

    private static async Task<bool> Answers(HttpClient http)
    {
        try
        {
            return (await http.GetAsync("api/fleet")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static string Artifact(string name) => Path.Combine(MosquittoBroker.RepositoryRoot(), "artifacts", "dashboard", name);

    private string GroupManifest(long version) => Encoding.UTF8.GetString(DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, Encoding.UTF8.GetBytes($$"""
        {
          "apiVersion": "edge/v1", "kind": "Manifest",
          "metadata": { "name": "dash", "version": {{version}}, "issuedAt": "{{DateTimeOffset.UtcNow.AddMinutes(-1):yyyy-MM-ddTHH:mm:ssZ}}", "expiresAt": "2036-01-01T00:00:00Z",
                        "target": { "groups": ["{{DashboardFleet.Group}}"] } },
          "spec": { "apps": { "sensor": { "image": "edgeagent/busybox:1.35", "command": ["sleep", "{{3600 + version}}"], "resources": { "memory": "32Mi", "pidsLimit": 64 } } } }
        }
        """), [opKey])));

    /// <summary>Three devices of the thesis's GRE mesh report their bridges, as agents with Open vSwitch do.</summary>
    private async Task ReportMeshAsync()
    {
        var addresses = new Dictionary<string, string> { ["dm-01"] = "192.168.7.1", ["dm-02"] = "192.168.7.2", ["dm-03"] = "192.168.7.3" };
        foreach (var (device, address) in addresses)
        {
            var ports = addresses.Where(a => a.Key != device).ToDictionary(
                a => "gre-" + a.Value.Split('.')[3],
                a => new PortStatus { Managed = true, Type = "gre", Peer = a.Value, LinkState = device == "dm-03" && a.Key == "dm-02" ? "down" : "up" });
            var status = new DeviceStatus
            {
                DeviceId = device,
                AgentVersion = "0.1.0",
                UpdatedAt = DateTimeOffset.UtcNow,
                Converged = true,
                Ovs = new Dictionary<string, BridgeStatus> { ["docker-gre"] = new() { Managed = true, DatapathType = "netdev", LocalIp = address, Ports = ports } },
            };
            await PublishAsync(device, Topics.Status(device), JsonSerializer.Serialize(status, FleetJsonContext.Default.DeviceStatus), retain: true);
            await PublishAsync(device, Topics.OnlineState(device), "online", retain: true);
        }
    }

    private async Task PublishAsync(string identity, string topic, string payload, bool retain)
    {
        await using var client = await MqttTestClient.ConnectAsync(broker, broker.CertFile(identity), broker.KeyFile(identity), identity);
        var code = await client.PublishAsync(topic, payload, retain);
        Assert.True(code is MQTTnet.MqttClientPublishReasonCode.Success or MQTTnet.MqttClientPublishReasonCode.NoMatchingSubscribers, $"{identity} {topic}: {code}");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
