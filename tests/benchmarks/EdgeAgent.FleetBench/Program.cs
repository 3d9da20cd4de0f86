// Time from one `manifest publish` (a group manifest, retained, QoS 1) to every device of the
// group reporting it applied and converged, for N devices with real TLS MQTT sessions against a
// real mosquitto running the repository's broker-config. Prints figures; asserts nothing.
//   dotnet run -c Release --project tests/benchmarks/EdgeAgent.FleetBench -- 100 1000
using System.Buffers;
using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using EdgeAgent.Configuration;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reporting;
using EdgeAgent.FleetBench;
using EdgeCtl.Commands;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

const string Group = "bench";
const int Rounds = 3;
var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [100, 1000];
var repo = FindRepository();
var work = Directory.CreateTempSubdirectory("edgeagent-fleetbench-").FullName;
using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
using var opKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
var rootFile = Path.Combine(work, "root.json");
try
{
    // The fleet PKI with edgectl's own code (in-process: a thousand processes would dominate the set-up).
    await new RootCommand { CaCommands.BuildCa() }.Parse(["ca", "init", "--out", Path.Combine(work, "ca")]).InvokeAsync();
    Directory.CreateDirectory(Path.Combine(work, "broker"));
    Directory.CreateDirectory(Path.Combine(work, "clients"));
    CaCommands.Issue(Path.Combine(work, "ca"), "localhost", "broker", ["127.0.0.1"], 30, Path.Combine(work, "broker"));
    CaCommands.Issue(Path.Combine(work, "ca"), "edge-operator", "operator", [], 30, Path.Combine(work, "clients"));
    var devices = sizes.Max();
    for (var i = 0; i < devices; i++)
    {
        CaCommands.Issue(Path.Combine(work, "ca"), DeviceId(i), "device", [], 30, Path.Combine(work, "clients"));
    }

    var root = RootDocument.Create(1, [rootKey], 1, [opKey], 1, DateTimeOffset.UtcNow.AddDays(30));
    File.WriteAllBytes(rootFile, DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Root, DsseSigner.Serialize(root), [rootKey])));

    Console.WriteLine($"fleet benchmark: {Environment.ProcessorCount} cores, mosquitto {MosquittoVersion()}, TLS 1.2+/MQTT 5, QoS 1, {Rounds} publishes per size");
    foreach (var size in sizes)
    {
        await RunAsync(size);
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

async Task RunAsync(int size)
{
    var port = FreePort();
    var data = Path.Combine(work, $"data-{size}");
    Directory.CreateDirectory(data);
    var config = File.ReadAllText(Path.Combine(repo, "broker-config/mosquitto.conf"))
        .Replace("listener 8883", $"listener {port} 127.0.0.1", StringComparison.Ordinal)
        .Replace("/var/lib/mosquitto/", data + "/", StringComparison.Ordinal)
        .Replace("/etc/mosquitto/certs/ca.pem", Path.Combine(work, "ca/ca.pem"), StringComparison.Ordinal)
        .Replace("/etc/mosquitto/certs/broker.pem", Path.Combine(work, "broker/localhost.pem"), StringComparison.Ordinal)
        .Replace("/etc/mosquitto/certs/broker.key", Path.Combine(work, "broker/localhost.key"), StringComparison.Ordinal)
        .Replace("/etc/mosquitto/edgeagent.acl", Path.Combine(work, "edgeagent.acl"), StringComparison.Ordinal);
    File.WriteAllText(Path.Combine(work, "mosquitto.conf"), config + "\nuser root\n");
    // Every bench device belongs to the group (a pattern instead of a thousand `user` blocks).
    File.WriteAllText(Path.Combine(work, "edgeagent.acl"), File.ReadAllText(Path.Combine(repo, "broker-config/edgeagent.acl")) + $"\npattern read {Topics.GroupDesired(Group)}\n");
    using var mosquitto = Process.Start(new ProcessStartInfo("/usr/sbin/mosquitto", ["-c", Path.Combine(work, "mosquitto.conf")]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
    mosquitto.BeginErrorReadLine();
    mosquitto.BeginOutputReadLine();
    await WaitForPortAsync(port);

    var reported = new ConcurrentDictionary<string, (long Version, bool Converged, long At)>(StringComparer.Ordinal);
    using var monitor = await ConnectOperatorAsync(port);
    monitor.ApplicationMessageReceivedAsync += e =>
    {
        if (Topics.DeviceOf(e.ApplicationMessage.Topic, "status") is { } device && e.ApplicationMessage.Payload.Length > 0)
        {
            var status = JsonSerializer.Deserialize(e.ApplicationMessage.Payload.ToArray(), FleetJsonContext.Default.DeviceStatus)!;
            var version = status.Streams.TryGetValue(Topics.GroupDesired(Group), out var stream) ? stream.AppliedVersion ?? 0 : 0;
            reported[device] = (version, status.Converged, Stopwatch.GetTimestamp());
        }

        return Task.CompletedTask;
    };
    await monitor.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(Topics.AllStatus, MqttQualityOfServiceLevel.AtLeastOnce).Build());

    var fleet = new List<SimulatedDevice>();
    var rssBefore = Process.GetCurrentProcess().WorkingSet64;
    var connectWatch = Stopwatch.StartNew();
    for (var i = 0; i < size; i++)
    {
        var device = new SimulatedDevice(DeviceId(i), Group, rootFile, BrokerSettings.From(
            new BrokerOptions
            {
                Url = $"mqtts://localhost:{port}",
                CaFile = Path.Combine(work, "ca/ca.pem"),
                CertFile = Path.Combine(work, $"clients/{DeviceId(i)}.pem"),
                KeyFile = Path.Combine(work, $"clients/{DeviceId(i)}.key"),
            },
            "fleetbench")!);
        fleet.Add(device);
        await device.StartAsync();
    }

    await UntilAsync(() => fleet.All(d => d.IsConnected) && reported.Count >= size, TimeSpan.FromMinutes(5), "all devices connected and reporting");
    connectWatch.Stop();
    GC.Collect();
    var rssPerDevice = (Process.GetCurrentProcess().WorkingSet64 - rssBefore) / size;

    var latencies = new List<double>();
    var completions = new List<double>();
    for (var round = 1; round <= Rounds; round++)
    {
        var envelope = DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, Encoding.UTF8.GetBytes(GroupManifest(round)), [opKey]));
        var start = Stopwatch.GetTimestamp();
        await monitor.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(Topics.GroupDesired(Group)).WithPayload(envelope)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(true).Build());
        await UntilAsync(() => reported.Count(r => r.Value.Version == round && r.Value.Converged) >= size, TimeSpan.FromMinutes(5), $"round {round}: all devices report v{round}");
        var round_ = reported.Values.Where(r => r.Version == round).Select(r => Stopwatch.GetElapsedTime(start, r.At).TotalMilliseconds).Order().ToList();
        latencies.AddRange(round_);
        completions.Add(round_[^1]);
    }

    latencies.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"N={size,5}: connect+first report {connectWatch.Elapsed.TotalSeconds,5:F1} s | publish -> reported converged: p50 {Percentile(latencies, 50),6:F0} ms, p99 {Percentile(latencies, 99),6:F0} ms, all reported after {string.Join(" / ", completions.Select(c => c.ToString("F0", CultureInfo.InvariantCulture)))} ms | ~{rssPerDevice / 1024} KiB per simulated device"));

    foreach (var device in fleet)
    {
        await device.DisposeAsync();
    }

    await monitor.DisconnectAsync();
    mosquitto.Kill();
    await mosquitto.WaitForExitAsync();
}

static string DeviceId(int i) => $"bench-{i:D4}";

static double Percentile(List<double> sorted, int p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

static string GroupManifest(int version) => $$"""
    {
      "apiVersion": "edge/v1", "kind": "Manifest",
      "metadata": { "name": "bench", "version": {{version}}, "issuedAt": "{{DateTimeOffset.UtcNow.AddMinutes(-10 + version):O}}", "expiresAt": "{{DateTimeOffset.UtcNow.AddDays(1):O}}",
                    "target": { "groups": ["{{Group}}"] } },
      "spec": { "apps": {
        "sensor": { "image": "edgeagent/busybox:1.35", "command": ["sleep", "3600"], "resources": { "memory": "{{16 + version}}Mi" } },
        "uplink": { "image": "edgeagent/busybox:1.35", "command": ["sleep", "3600"], "dependsOn": ["sensor"] } } }
    }
    """;

async Task<IMqttClient> ConnectOperatorAsync(int port)
{
    var client = new MqttClientFactory().CreateMqttClient();
    var tls = new MqttClientTlsOptionsBuilder()
        .WithTrustChain([X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(work, "ca/ca.pem")))])
        .WithClientCertificates([X509Certificate2.CreateFromPemFile(Path.Combine(work, "clients/edge-operator.pem"), Path.Combine(work, "clients/edge-operator.key"))])
        .Build();
    await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("localhost", port).WithProtocolVersion(MqttProtocolVersion.V500).WithTlsOptions(tls).Build());
    return client;
}

static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
{
    var deadline = Stopwatch.StartNew();
    while (!condition())
    {
        if (deadline.Elapsed > timeout)
        {
            throw new TimeoutException("timed out waiting for " + what);
        }

        await Task.Delay(5);
    }
}

static async Task WaitForPortAsync(int port)
{
    for (var i = 0; i < 100; i++)
    {
        try
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync(IPAddress.Loopback, port);
            return;
        }
        catch (SocketException)
        {
            await Task.Delay(100);
        }
    }

    throw new InvalidOperationException("mosquitto did not start");
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string MosquittoVersion()
{
    using var process = Process.Start(new ProcessStartInfo("/usr/sbin/mosquitto", ["-h"]) { RedirectStandardOutput = true })!;
    var first = process.StandardOutput.ReadLine() ?? "";
    process.WaitForExit();
    return first.Split(' ').FirstOrDefault(w => w.Length > 0 && char.IsDigit(w[0])) ?? "?";
}

static string FindRepository()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeAgent.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
}
