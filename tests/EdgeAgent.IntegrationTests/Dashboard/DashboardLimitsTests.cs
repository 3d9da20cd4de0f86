extern alias edgectl;

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reporting;
using EdgeAgent.IntegrationTests.Agent;
using EdgeAgent.IntegrationTests.Mqtt;

namespace EdgeAgent.IntegrationTests.Dashboard;

/// <summary>
/// `edgectl fleet serve` (the real program) against a device that publishes as much as the broker
/// lets it, and against browsers that never read: what the dashboard keeps and sends per device is
/// bounded, and a client that does not take its snapshots is disconnected while others are served.
/// </summary>
public sealed class DashboardLimitsTests(DashboardFleet broker) : IClassFixture<DashboardFleet>
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_device_cannot_make_the_dashboard_hold_or_send_more_than_its_share()
    {
        var port = FreePort();
        using var serve = Serve(port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await DockerHost.EventuallyAsync(async () => await Answers(http), Live, $"edgectl fleet serve answers\n{serve.Stdout}\n{serve.Stderr}");

        // As much as a 512 KiB packet carries: a status with a huge error and 400 apps (200 of them kept: about 40 KiB, under the 64 KiB a status may keep), then 30 events of 400 KB.
        await using (var device = await MqttTestClient.ConnectAsync(broker, broker.CertFile("dm-01"), broker.KeyFile("dm-01"), "dm-01"))
        {
            var status = new DeviceStatus
            {
                DeviceId = "dm-01", AgentVersion = "0.1.0", UpdatedAt = DateTimeOffset.UtcNow, Converged = true, LastError = new string('x', 300_000),
                Apps = Enumerable.Range(0, 400).ToDictionary(i => $"app-{i:000}", i => new AppStatus { Desired = DesiredAppState.Running, Observed = "running", LastError = new string('y', 100) }),
            };
            Assert.True(Published(await device.PublishAsync(Topics.Status("dm-01"), JsonSerializer.Serialize(status, FleetJsonContext.Default.DeviceStatus))));
            for (var i = 0; i < 30; i++)
            {
                var agentEvent = new AgentEvent { Type = AgentEventType.Applied, At = DateTimeOffset.UtcNow, Stream = "edge/v1/devices/dm-01/desired", Version = i, Message = $"{i:00} " + new string('e', 400_000) };
                Assert.True(Published(await device.PublishAsync("edge/v1/devices/dm-01/events", JsonSerializer.Serialize(agentEvent, FleetJsonContext.Default.AgentEvent), retain: false)));
            }
        }

        byte[] fleet = [];
        await DockerHost.EventuallyAsync(
            async () =>
            {
                fleet = await http.GetByteArrayAsync("api/fleet");
                return Device(fleet) is { } d && d.GetProperty("events").GetArrayLength() == 25 && d.GetProperty("events")[0].GetProperty("message").GetString()!.StartsWith("29 ", StringComparison.Ordinal);
            },
            Live,
            "dm-01's last event on the dashboard");

        var shown = Device(fleet)!.Value;
        var share = Encoding.UTF8.GetByteCount(shown.GetRawText()); // the fixture's other devices (the other test's) are in /api/fleet too
        Assert.True(share < 128 * 1024, $"dm-01 takes {share} bytes of /api/fleet");
        Assert.All(shown.GetProperty("events").EnumerateArray(), e => Assert.Equal(1001, e.GetProperty("message").GetString()!.Length)); // 1,000 and "…"
        Assert.Equal(1001, shown.GetProperty("status").GetProperty("lastError").GetString()!.Length);
        Assert.Equal(200, shown.GetProperty("status").GetProperty("apps").EnumerateObject().Count());
    }

    [Fact]
    public async Task Browsers_that_never_read_are_disconnected_and_the_page_keeps_answering()
    {
        var port = FreePort();
        using var serve = Serve(port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await DockerHost.EventuallyAsync(async () => await Answers(http), Live, $"edgectl fleet serve answers\n{serve.Stdout}\n{serve.Stderr}");

        var stalled = new List<Socket>();
        using var sampling = new CancellationTokenSource();
        var largestSendBuffer = SampleSendBuffersAsync(port, sampling.Token);
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                await socket.ConnectAsync(IPAddress.Loopback, port);
                await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"));
                stalled.Add(socket); // and never read from it
            }

            // Every device of the fixture at its full share (a status near 64 KiB, 25 long events): snapshots
            // of about 600 KB, sent again at each change, until the stalled clients' kernel buffers are full.
            foreach (var id in DashboardFleet.Agents.Concat(DashboardFleet.MeshDevices))
            {
                await using var device = await MqttTestClient.ConnectAsync(broker, broker.CertFile(id), broker.KeyFile(id), id);
                var status = new DeviceStatus
                {
                    DeviceId = id, AgentVersion = "0.1.0", UpdatedAt = DateTimeOffset.UtcNow, Converged = true,
                    Apps = Enumerable.Range(0, 60).ToDictionary(i => $"app-{i:000}", i => new AppStatus { Desired = DesiredAppState.Running, Observed = "running", LastError = new string('y', 900) }),
                };
                Assert.True(Published(await device.PublishAsync(Topics.Status(id), JsonSerializer.Serialize(status, FleetJsonContext.Default.DeviceStatus))));
                Assert.True(Published(await device.PublishAsync(Topics.OnlineState(id), "online")));
                for (var i = 0; i < 25; i++)
                {
                    var agentEvent = new AgentEvent { Type = AgentEventType.Applied, At = DateTimeOffset.UtcNow, Message = $"{i:00} " + new string('e', 5000) };
                    Assert.True(Published(await device.PublishAsync($"edge/v1/devices/{id}/events", JsonSerializer.Serialize(agentEvent, FleetJsonContext.Default.AgentEvent), retain: false)));
                    await Task.Delay(300); // one snapshot per change (they are coalesced over 250 ms)
                }
            }

            var ports = stalled.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).ToHashSet();
            await DockerHost.EventuallyAsync(async () => !(await Established(port)).Overlaps(ports), TimeSpan.FromSeconds(120), "the clients that never read disconnected");
            Assert.True(await Answers(http), "the dashboard answers after dropping them");

            // What they pinned in the kernel meanwhile: each connection's send buffer stayed at the dashboard's (the kernel doubles a set size).
            await sampling.CancelAsync();
            var largest = await largestSendBuffer;
            Assert.True(largest is > 0 and <= 2 * edgectl::EdgeCtl.Dashboard.DashboardServer.SendBufferBytes, $"a stalled stream's kernel send buffer reached {largest} bytes");
        }
        finally
        {
            stalled.ForEach(s => s.Dispose());
        }
    }

    /// <summary>The largest kernel send buffer (ss's skmem "tb") of the dashboard's side of its connections, sampled until cancelled.</summary>
    private static async Task<long> SampleSendBuffersAsync(int port, CancellationToken cancellationToken)
    {
        long largest = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            using var ss = Process.Start(new ProcessStartInfo("ss", ["-Htnm", "state", "established", "sport", "=", $":{port}"]) { RedirectStandardOutput = true })!;
            var output = await ss.StandardOutput.ReadToEndAsync(CancellationToken.None);
            await ss.WaitForExitAsync(CancellationToken.None);
            foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(output, @"\btb(\d+)"))
            {
                largest = Math.Max(largest, long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }

            try
            {
                await Task.Delay(200, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return largest;
    }

    private AgentProcess Serve(int port) => AgentProcess.StartEdgeCtl(
        ["fleet", "serve", "--listen", $"127.0.0.1:{port}", "--broker", $"mqtts://localhost:{broker.Port}", "--ca", broker.CaFile, "--cert", broker.CertFile("edge-monitor"), "--key", broker.KeyFile("edge-monitor")]);

    private static JsonElement? Device(byte[] fleet)
    {
        using var document = JsonDocument.Parse(fleet);
        return document.RootElement.GetProperty("devices").EnumerateArray().Where(d => d.GetProperty("id").GetString() == "dm-01").Select(d => (JsonElement?)d.Clone()).FirstOrDefault();
    }

    /// <summary>The local ports of the connections to <paramref name="port"/> still established (ss, as an operator would look).</summary>
    private static async Task<HashSet<int>> Established(int port)
    {
        using var ss = Process.Start(new ProcessStartInfo("ss", ["-Htn", "state", "established", "dport", "=", $":{port}"]) { RedirectStandardOutput = true })!;
        var output = await ss.StandardOutput.ReadToEndAsync();
        await ss.WaitForExitAsync();
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length >= 4)
            .Select(f => int.Parse(f[^2][(f[^2].LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture))];
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

    private static bool Published(MQTTnet.MqttClientPublishReasonCode code) =>
        code is MQTTnet.MqttClientPublishReasonCode.Success or MQTTnet.MqttClientPublishReasonCode.NoMatchingSubscribers;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
