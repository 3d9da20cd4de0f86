using System.Collections.Concurrent;
using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Core.Rollouts;
using EdgeAgent.IntegrationTests.Mqtt;

namespace EdgeAgent.IntegrationTests.Rollouts;

/// <summary>
/// Watches as the read-only monitor identity would: every device's status (the latest, and when each
/// group version was first reported) and the rollout records.
/// </summary>
internal sealed class FleetObserver : IAsyncDisposable
{
    private readonly MqttTestClient client;
    private readonly string group;
    private readonly ConcurrentDictionary<string, DeviceStatus> latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Device, long Version), DateTime> firstApplied = new();
    private readonly ConcurrentDictionary<string, RolloutRecord> records = new(StringComparer.Ordinal);

    private FleetObserver(MqttTestClient client, string group)
    {
        this.client = client;
        this.group = group;
        client.OnMessage = (topic, payload) =>
        {
            if (payload.Length == 0)
            {
                return;
            }

            if (Topics.DeviceOf(topic, "status") is { } device)
            {
                var status = JsonSerializer.Deserialize(payload, FleetJsonContext.Default.DeviceStatus)!;
                latest[device] = status;
                if (WaveDeviceReport.Of(status, group).AppliedVersion is { } version)
                {
                    firstApplied.TryAdd((device, version), DateTime.UtcNow);
                }
            }
            else if (Topics.RolloutOf(topic) is { } id)
            {
                records[id] = JsonSerializer.Deserialize(payload, RolloutJsonContext.Default.RolloutRecord)!;
            }
        };
    }

    public static async Task<FleetObserver> StartAsync(MosquittoBroker broker, string group)
    {
        var monitor = await MqttTestClient.ConnectAsync(broker, broker.CertFile("edge-monitor"), broker.KeyFile("edge-monitor"), "edge-monitor");
        var observer = new FleetObserver(monitor, group);
        await monitor.SubscribeAsync(Topics.AllStatus);
        await monitor.SubscribeAsync(Topics.AllRollouts);
        return observer;
    }

    public DeviceStatus? Status(string device) => latest.GetValueOrDefault(device);

    public RolloutRecord? Record(string id) => records.GetValueOrDefault(id);

    /// <summary>The version of the group the device applied (from its rollout topic or the group topic).</summary>
    public long? Applied(string device) => Status(device) is { } status ? WaveDeviceReport.Of(status, group).AppliedVersion : null;

    public bool IsAt(string device, long version) =>
        Status(device) is { Converged: true } status && WaveDeviceReport.Of(status, group).AppliedVersion == version && status.FailingApps().Count == 0;

    public DateTime? FirstApplied(string device, long version) => firstApplied.TryGetValue((device, version), out var at) ? at : null;

    public string Describe(IEnumerable<string> devices) =>
        string.Join("; ", devices.Select(d => Status(d) is { } s
            ? $"{d}: v{Applied(d)} converged={s.Converged} failing=[{string.Join(",", s.FailingApps())}] streams=[{string.Join(",", s.Streams.Keys)}]"
            : $"{d}: no status"));

    public ValueTask DisposeAsync() => client.DisposeAsync();
}
