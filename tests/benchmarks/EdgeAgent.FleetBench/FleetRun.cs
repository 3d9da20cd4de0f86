extern alias edgectl;

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdgeAgent.Configuration;
using EdgeAgent.Core.Intake;
using edgectl::EdgeAgent.Shared;
using edgectl::EdgeCtl;

namespace EdgeAgent.FleetBench;

/// <summary>
/// N simulated devices against the given brokers: time to connect and first report, publish to
/// every device reporting the new version converged (p50/p99/all), the brokers' CPU and memory in
/// each phase, then a reconnection storm (every node restarted at once). Prints figures; asserts nothing.
/// </summary>
internal sealed class FleetRun(RunSettings settings) : IAsyncDisposable
{
    private readonly List<SimulatedDevice> fleet = [];
    private readonly BrokerUsage usage = new(settings.PidFiles);
    private readonly FleetMonitor monitor = new(settings.Urls, settings.Protocol, settings.Work);
    private readonly ECDsa signingKey = FleetPki.SigningKey(settings.Work);

    public async Task RunAsync()
    {
        await monitor.StartAsync();
        var simulator = Process.GetCurrentProcess();
        var simulatorCpu = simulator.TotalProcessorTime;
        var rssBefore = simulator.WorkingSet64;
        var connect = Stopwatch.StartNew();
        for (var i = 0; i < settings.Devices; i++)
        {
            var device = new SimulatedDevice(FleetPki.DeviceId(i), FleetPki.Group, FleetPki.RootFile(settings.Work), DeviceBroker(FleetPki.DeviceId(i)));
            fleet.Add(device);
            await device.StartAsync();
            if (settings.ConnectRate > 0 && TimeSpan.FromSeconds((i + 1.0) / settings.ConnectRate) - connect.Elapsed is { Ticks: > 0 } ahead)
            {
                await Task.Delay(ahead);
            }
        }

        await UntilAsync(() => monitor.Count >= settings.Devices && fleet.All(d => d.IsConnected), "every device connected and reporting");
        connect.Stop();
        simulator.Refresh();
        var (cpu, peak) = usage.Mark();
        var ramp = settings.ConnectRate > 0 ? $" (started at {settings.ConnectRate}/s)" : "";
        Print($"devices subscribe at QoS {settings.SubscribeQos}; connect + first report {connect.Elapsed.TotalSeconds:F1} s{ramp} | broker CPU {cpu:F1} s, peak RSS {peak:F0} MiB | simulator CPU {(simulator.TotalProcessorTime - simulatorCpu).TotalSeconds:F1} s, ~{(simulator.WorkingSet64 - rssBefore) / settings.Devices / 1024} KiB per device");

        var latencies = new List<double>();
        var completions = new List<double>();
        for (var version = 1; version <= settings.Rounds; version++)
        {
            var published = await PublishAsync(version);
            await UntilAsync(() => monitor.Reached(version) >= settings.Devices, $"every device reporting v{version}", version);
            var round = monitor.ArrivalsOf(version).Select(at => Stopwatch.GetElapsedTime(published, at).TotalMilliseconds).Order().ToList();
            latencies.AddRange(round);
            completions.Add(round[^1]);
        }

        latencies.Sort();
        (cpu, peak) = usage.Mark();
        Print($"publish -> reported converged: p50 {Percentile(latencies, 50):F0} ms, p99 {Percentile(latencies, 99):F0} ms, all after {string.Join(" / ", completions.Select(c => c.ToString("F0", CultureInfo.InvariantCulture)))} ms | broker CPU {cpu / settings.Rounds:F2} s per publish, peak RSS {peak:F0} MiB");

        if (settings.StormCommand is { } storm)
        {
            await StormAsync(storm);
        }
    }

    /// <summary>Every node restarted at once: how long until every device is back, and until a publish made then reached all.</summary>
    private async Task StormAsync(string command)
    {
        var version = settings.Rounds + 1;
        var start = Stopwatch.GetTimestamp();
        using (var restart = Process.Start(new ProcessStartInfo("/bin/bash", ["-c", command]))!)
        {
            await restart.WaitForExitAsync();
            if (restart.ExitCode != 0)
            {
                throw new InvalidOperationException($"the storm command failed ({restart.ExitCode}): {command}");
            }
        }

        var restarted = Stopwatch.GetElapsedTime(start);
        var published = await PublishAsync(version);
        var publishedAfter = Stopwatch.GetElapsedTime(start, published);
        await UntilAsync(() => fleet.All(d => d.IsConnected), "every device reconnected");
        var reconnected = Stopwatch.GetElapsedTime(start);
        await UntilAsync(() => monitor.Reached(version) >= settings.Devices, $"every device reporting v{version} after the storm", version);
        var all = monitor.ArrivalsOf(version).Max();
        var (cpu, peak) = usage.Mark();
        Print($"storm (every node restarted, back in {restarted.TotalSeconds:F1} s): all reconnected after {reconnected.TotalSeconds:F1} s; a publish at {publishedAfter.TotalSeconds:F1} s reported by all after {Stopwatch.GetElapsedTime(start, all).TotalSeconds:F1} s | broker CPU {cpu:F1} s, peak RSS {peak:F0} MiB");
    }

    /// <summary>Publishes the group manifest as `edgectl manifest publish` does (retained, QoS 1, read back), retrying while the broker restarts or is too busy to answer in time; returns when it was first sent.</summary>
    private async Task<long> PublishAsync(int version)
    {
        var envelope = DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, Encoding.UTF8.GetBytes(BenchManifest.Json(version)), [signingKey]));
        var deadline = Stopwatch.StartNew();
        long? sent = null; // an attempt whose read-back timed out may have been delivered: latencies count from the first
        while (true)
        {
            try
            {
                await using var publisher = await BrokerConnection.ConnectAsync([.. settings.Urls.Select(u => BrokerEndpoint.Parse(u)!)], BrokerProtocols.Parse(settings.Protocol)!.Value, FleetPki.Ca(settings.Work), FleetPki.Cert(settings.Work, "edge-operator"), FleetPki.Key(settings.Work, "edge-operator"), CancellationToken.None);
                sent ??= Stopwatch.GetTimestamp();
                await RetainedPublish.ConfirmedAsync(publisher, Topics.GroupDesired(FleetPki.Group), envelope, _ => null, CancellationToken.None);
                return sent.Value;
            }
            catch (Exception ex) when (ex is CliException or MQTTnet.Exceptions.MqttCommunicationException && deadline.Elapsed < settings.PhaseLimit)
            {
                await Task.Delay(250);
            }
        }
    }

    private BrokerSettings DeviceBroker(string device) => BrokerSettings.From(
        new BrokerOptions
        {
            Urls = [.. settings.Urls],
            Protocol = settings.Protocol,
            RefreshSeconds = settings.RefreshSeconds,
            SubscribeQos = settings.SubscribeQos,
            CaFile = FleetPki.Ca(settings.Work),
            CertFile = FleetPki.Cert(settings.Work, device),
            KeyFile = FleetPki.Key(settings.Work, device),
        },
        "fleetbench")!;

    /// <param name="condition">What to wait for.</param>
    /// <param name="what">Its description, for progress and the timeout.</param>
    /// <param name="version">For a wait on reports: on a timeout, the retained statuses are read anew, to tell devices that did not report from reports the monitor missed.</param>
    private async Task UntilAsync(Func<bool> condition, string what, int? version = null)
    {
        var waited = Stopwatch.StartNew();
        var nextProgress = TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (waited.Elapsed > settings.PhaseLimit)
            {
                var fresh = version is { } v ? $"; read anew, the retained statuses say {await FleetMonitor.FreshCountAsync(settings.Urls, settings.Protocol, settings.Work, v)} at v{v}" : "";
                throw new TimeoutException($"{settings.Label} N={settings.Devices}: timed out waiting for {what} ({Progress()}{fresh})");
            }

            if (waited.Elapsed > nextProgress)
            {
                await Console.Error.WriteLineAsync($"  ... {waited.Elapsed.TotalSeconds:F0} s waiting for {what}: {Progress()}");
                nextProgress += TimeSpan.FromSeconds(10);
            }

            await Task.Delay(5);
        }
    }

    private string Progress() => $"{fleet.Count(d => d.IsConnected)} connected; converged at {monitor.Versions()}";

    private void Print(string figures) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{settings.Label} N={settings.Devices,5}: ") + figures);

    private static double Percentile(List<double> sorted, int p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(fleet.Select(d => d.DisposeAsync().AsTask()));
        await monitor.DisposeAsync();
        await usage.DisposeAsync();
        signingKey.Dispose();
    }
}
