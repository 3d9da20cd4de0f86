extern alias edgectl;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reporting;
using edgectl::EdgeAgent.Shared;
using edgectl::EdgeCtl;

namespace EdgeAgent.FleetBench;

/// <summary>
/// The operator's view, through edgectl's own broker connection: every device's latest reported
/// version of the bench group and whether it converged, with when it arrived. Reconnects (and so
/// reads the retained reports again) when the broker drops it, as `fleet status --watch` does.
/// </summary>
internal sealed class FleetMonitor(IReadOnlyList<string> urls, string protocol, string work, string identity = "edge-monitor") : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Report> reports = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stop = new();
    private Task? running;

    public readonly record struct Report(long Version, bool Converged, long At);

    public int Count => reports.Count;

    /// <summary>How many devices report each version converged, newest first ("v4: 120, v3: 80").</summary>
    public string Versions() => string.Join(", ", reports.Values.Where(r => r.Converged).GroupBy(r => r.Version).OrderByDescending(g => g.Key).Select(g => $"v{g.Key}: {g.Count()}"));

    public int Reached(long version) => reports.Values.Count(r => r.Version == version && r.Converged);

    /// <summary>When each device reported <paramref name="version"/> converged, as Stopwatch timestamps.</summary>
    public IReadOnlyList<long> ArrivalsOf(long version) => [.. reports.Values.Where(r => r.Version == version && r.Converged).Select(r => r.At)];

    public async Task StartAsync()
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        running = Task.Run(() => RunAsync(first, stop.Token));
        await first.Task.ConfigureAwait(false);
    }

    private async Task RunAsync(TaskCompletionSource first, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await BrokerConnection.ConnectAsync(
                    [.. urls.Select(u => BrokerEndpoint.Parse(u)!)], BrokerProtocols.Parse(protocol)!.Value, FleetPki.Ca(work), FleetPki.Cert(work, identity), FleetPki.Key(work, identity), cancellationToken).ConfigureAwait(false);
                await connection.SubscribeAsync([Topics.AllStatus], Record, cancellationToken).ConfigureAwait(false);
                first.TrySetResult();
                await connection.Disconnected.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (CliException)
            {
                // The broker is restarting: try again shortly.
            }

            await Task.Delay(500, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void Record(string topic, byte[] payload)
    {
        if (Topics.DeviceOf(topic, "status") is not { } device || payload.Length == 0)
        {
            return;
        }

        var status = JsonSerializer.Deserialize(payload, FleetJsonContext.Default.DeviceStatus)!;
        var version = status.Streams.TryGetValue(Topics.GroupDesired(FleetPki.Group), out var stream) ? stream.AppliedVersion ?? 0 : 0;
        var report = new Report(version, status.Converged, Stopwatch.GetTimestamp());
        // The same report again (read anew after a reconnect) keeps the time it first arrived.
        reports.AddOrUpdate(device, report, (_, old) => old.Version == report.Version && old.Converged == report.Converged ? old : report);
    }

    /// <summary>How many devices' retained statuses say <paramref name="version"/> converged, read with a fresh subscription (as `fleet status` does).</summary>
    public static async Task<int> FreshCountAsync(IReadOnlyList<string> urls, string protocol, string work, long version)
    {
        // The operator's certificate: a second connection as edge-monitor would push the monitor off (the CN is the client id).
        var fresh = new FleetMonitor(urls, protocol, work, "edge-operator");
        await fresh.StartAsync().ConfigureAwait(false);
        var settle = Stopwatch.StartNew();
        var last = -1;
        while (fresh.Count != last && settle.Elapsed < TimeSpan.FromSeconds(60))
        {
            last = fresh.Count;
            await Task.Delay(2000).ConfigureAwait(false);
        }

        var reached = fresh.Reached(version);
        await fresh.DisposeAsync().ConfigureAwait(false);
        return reached;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        if (running is not null)
        {
            await running.ConfigureAwait(false);
        }

        stop.Dispose();
    }
}
