using System.Globalization;
using System.Text.Json;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Core.Rollouts;
using EdgeCtl.Fleet;

namespace EdgeCtl.Dashboard;

/// <summary>
/// The fleet as the broker tells it, kept current from its topics (retained status, online, desired
/// topics, rollouts, and the live events), and turned into what the page shows. Messages arrive on
/// MQTTnet's thread; <see cref="Snapshot"/> reads under the same lock; <see cref="Changed"/> completes
/// on the next change.
/// </summary>
internal sealed class DashboardState(TimeProvider time)
{
    public const string AllEvents = "edge/v1/devices/+/events";
    public static readonly string[] Reports = [Topics.AllStatus, Topics.AllOnline, AllEvents, Topics.AllRollouts];
    public static readonly string[] DesiredTopics = ["edge/v1/devices/+/desired", "edge/v1/groups/+/desired", "edge/v1/devices/+/rollout/+"];

    /// <summary>
    /// What is kept per device (README "Watching the fleet"): every browser is sent every device on
    /// every change, so a device's share is bounded whatever it publishes (up to the broker's 512 KiB
    /// a message): its last 25 events, each text (a status's strings and keys, an event's message, a
    /// rollout's message) cut to 1,000 characters, each list or map to 200 entries, and a status of
    /// at most 64 KiB once cut.
    /// </summary>
    public const int EventsPerDevice = 25, MaxTextChars = 1000, MaxEntries = 200, MaxStatusBytes = 64 * 1024;

    private static readonly string[] StateOrder = ["failing", "offline", "converging", "unknown", "converged"];

    private readonly Lock gate = new();
    private readonly FleetView fleet = new([], MaxStatusBytes);
    private readonly Dictionary<string, DateTimeOffset> lastSeen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<AgentEvent>> events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long?> held = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, RolloutRecord> rollouts = new(StringComparer.Ordinal);
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool connected;
    private long revision;
    private (long Revision, byte[] Json)? serialized;

    /// <summary>Completes at the next change.</summary>
    public Task Changed
    {
        get
        {
            lock (gate)
            {
                return changed.Task;
            }
        }
    }

    public void SetConnected(bool value)
    {
        lock (gate)
        {
            connected = value;
            Signal();
        }
    }

    public void Apply(string topic, byte[] payload)
    {
        lock (gate)
        {
            if (Topics.DeviceOf(topic, "events") is { } eventsOf)
            {
                AddEvent(eventsOf, payload);
            }
            else if (Topics.RolloutOf(topic) is { } rollout)
            {
                ApplyRollout(rollout, payload);
            }
            else if (topic.EndsWith("/desired", StringComparison.Ordinal) || Topics.RolloutGroupOf(topic) is not null)
            {
                held[topic] = payload.Length == 0 ? null : ManifestPeek.Version(payload);
            }
            else if ((Topics.DeviceOf(topic, "status") ?? Topics.DeviceOf(topic, "online")) is { } device)
            {
                // A repeat changes nothing in the fleet but says the device is there: still "last seen".
                fleet.Apply(topic, Topics.DeviceOf(topic, "status") is null ? payload : BoundedJson.Cut(payload, MaxTextChars, MaxEntries));
                lastSeen[device] = time.GetUtcNow();
            }
            else
            {
                return;
            }

            Signal();
        }
    }

    /// <summary>The snapshot as JSON, built once per change however many browsers are watching.</summary>
    public byte[] SnapshotJson()
    {
        lock (gate)
        {
            if (serialized is not { } known || known.Revision != revision)
            {
                serialized = known = (revision, JsonSerializer.SerializeToUtf8Bytes(Snapshot(), DashboardJsonContext.Default.DashboardSnapshot));
            }

            return known.Json;
        }
    }

    private DashboardSnapshot Snapshot()
    {
        lock (gate)
        {
            var devices = fleet.Devices.Select(Describe)
                .OrderBy(d => Array.IndexOf(StateOrder, d.State)).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
            return new DashboardSnapshot
            {
                At = time.GetUtcNow(),
                BrokerConnected = connected,
                ByState = devices.GroupBy(d => d.State).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                ByManifest = devices.SelectMany(d => d.Streams.Where(s => s.Applied is not null).Select(s => $"{s.Name} v{s.Applied}"))
                    .GroupBy(k => k).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                ByAgent = devices.Where(d => d.Status is not null).GroupBy(d => d.Status!.AgentVersion)
                    .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                Devices = devices,
                Mesh = DashboardMeshBuilder.Build(devices),
                Rollouts = [.. rollouts.Values.Select(r => Rollout(r, devices))],
            };
        }
    }

    private DashboardDevice Describe(FleetDevice device)
    {
        var status = device.Status;
        var streams = status is null ? [] : Streams(status);
        var state = status is null && device.Online is null ? "unknown"
            : device.Online != Topics.Online ? "offline"
            : status is null ? "unknown"
            : device.FailingApps.Count > 0 || status.LastError is not null || status.Streams.Values.Any(s => s.RejectionPending) ? "failing"
            : !status.Converged || streams.Any(s => s.Drift) ? "converging"
            : "converged";
        return new DashboardDevice
        {
            Id = device.DeviceId,
            State = state,
            Online = device.Online,
            LastSeen = lastSeen.TryGetValue(device.DeviceId, out var seen) ? seen : null,
            Streams = streams,
            FailingApps = device.FailingApps,
            Tunnels = device.Tunnels,
            Status = status,
            Events = events.TryGetValue(device.DeviceId, out var queue) ? [.. queue.Reverse()] : [],
        };
    }

    /// <summary>Each stream applied (or owed: a group topic holding a manifest the device never applied) against what its topic holds.</summary>
    private List<DashboardStream> Streams(DeviceStatus status)
    {
        var topics = status.Streams.Keys.Union(status.Groups.Select(Topics.GroupDesired).Where(held.ContainsKey), StringComparer.Ordinal);
        return [.. topics.Order(StringComparer.Ordinal).Select(topic =>
        {
            var stream = status.Streams.GetValueOrDefault(topic);
            var holds = held.GetValueOrDefault(topic);
            var rejected = stream is { RejectionPending: true } ? $"v{stream.Rejected!.Version?.ToString(CultureInfo.InvariantCulture) ?? "?"} rejected: {stream.Rejected.Reason.Code()}" : null;
            return new DashboardStream(topic, FleetView.StreamName(topic), stream?.AppliedVersion, holds, holds is { } h && (stream?.AppliedVersion ?? 0) < h, rejected);
        })];
    }

    private static DashboardRollout Rollout(RolloutRecord record, List<DashboardDevice> devices)
    {
        var states = devices.Where(d => d.Status is not null)
            .ToDictionary(d => d.Id, d => WaveDeviceReport.Of(d.Status!, record.Group).Against(record.Version), StringComparer.Ordinal);
        var waves = record.Waves.Select(w => new DashboardWave(
            w.Count,
            w.GroupBy(d => states.GetValueOrDefault(d, WaveDeviceState.Pending).ToString().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal))).ToList();
        return new DashboardRollout(record.Id, record.Group, record.Version, record.PreviousVersion, Rollouts.RolloutProgress.Phase(record.Phase), record.Wave, waves, record.Message, record.UpdatedAt);
    }

    private void AddEvent(string device, byte[] payload)
    {
        AgentEvent? agentEvent;
        try
        {
            agentEvent = JsonSerializer.Deserialize(payload, FleetJsonContext.Default.AgentEvent);
        }
        catch (JsonException)
        {
            return; // an event type this edgectl does not know yet, or garbage
        }

        if (agentEvent is null || ReportShape.NullIn(agentEvent) is not null)
        {
            return;
        }

        agentEvent = agentEvent with
        {
            Message = BoundedJson.Shorten(agentEvent.Message, MaxTextChars),
            Stream = agentEvent.Stream is { } stream ? BoundedJson.Shorten(stream, MaxTextChars) : null,
        };

        if (!events.TryGetValue(device, out var queue))
        {
            events[device] = queue = new Queue<AgentEvent>();
        }

        queue.Enqueue(agentEvent);
        while (queue.Count > EventsPerDevice)
        {
            queue.Dequeue();
        }

        lastSeen[device] = time.GetUtcNow();
    }

    private void ApplyRollout(string id, byte[] payload)
    {
        if (RolloutRecord.ReadAt(id, null, payload).Record is { } r)
        {
            // The page shows neither the manifest nor more than the beginning of the message.
            rollouts[id] = r with { Envelope = "", Message = r.Message is { } message ? BoundedJson.Shorten(message, MaxTextChars) : null };
        }
        else
        {
            rollouts.Remove(id);
        }
    }

    private void Signal()
    {
        revision++;
        var previous = changed;
        changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }
}
