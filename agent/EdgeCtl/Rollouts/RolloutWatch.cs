using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Rollouts;
using EdgeCtl.Fleet;

namespace EdgeCtl.Rollouts;

/// <summary>
/// What the broker holds about one group and its rollout, kept current from the retained topics:
/// devices' status and online state, the group topic's version, the rollout record and its control
/// request. Messages arrive on MQTTnet's thread; readers take consistent snapshots under the lock.
/// </summary>
internal sealed class RolloutWatch(string rolloutId, string? group)
{
    private readonly Lock gate = new();
    private readonly FleetView fleet = new([]);
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string? Group { get; private set; } = group;

    public RolloutRecord? Record { get; private set; }

    /// <summary>Set when the retained record could not be read.</summary>
    public string? RecordError { get; private set; }

    public RolloutControl? Control { get; private set; }

    /// <summary>The version claimed by the group topic's retained manifest (null: none retained).</summary>
    public long? GroupVersion { get; private set; }

    /// <summary>The rollout's own topics: its record and control request.</summary>
    public IReadOnlyList<string> RolloutTopics => [Topics.Rollout(rolloutId), Topics.RolloutControl(rolloutId)];

    /// <summary>The group topic and the fleet's reports: known once the group is (from the command line or the record).</summary>
    public IReadOnlyList<string> FleetTopics => Group is null ? [] : [Topics.GroupDesired(Group), Topics.AllStatus, Topics.AllOnline];

    public void Apply(string topic, byte[] payload)
    {
        Settle.Touch();
        lock (gate)
        {
            if (topic == Topics.Rollout(rolloutId))
            {
                ReadRecord(payload);
            }
            else if (topic == Topics.RolloutControl(rolloutId))
            {
                Control = payload.Length == 0 ? null : TryRead(payload, RolloutJsonContext.Default.RolloutControl);
            }
            else if (Group is not null && topic == Topics.GroupDesired(Group))
            {
                GroupVersion = payload.Length == 0 ? null : ManifestPeek.Version(payload);
            }
            else
            {
                fleet.Apply(topic, payload);
            }

            var previous = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.TrySetResult();
        }
    }

    /// <summary>How long a retained message that should be there is waited for after the retained burst fell quiet.</summary>
    public static readonly TimeSpan LateRetained = TimeSpan.FromSeconds(5);

    /// <summary>Waits, at most <see cref="LateRetained"/>, until every one of <paramref name="devices"/> has a retained status here (an offline device may have none).</summary>
    public Task<bool> AwaitStatusOfAsync(IReadOnlyCollection<string> devices, CancellationToken cancellationToken) =>
        WaitUntilAsync(
            watch =>
            {
                var seen = watch.Devices().Where(d => d.Status is not null || d.StatusError is not null).Select(d => d.DeviceId).ToHashSet(StringComparer.Ordinal);
                return devices.All(seen.Contains);
            },
            cancellationToken);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, checked now and after every message, at most
    /// <see cref="LateRetained"/> (a retained message that should be there may come after the burst
    /// fell quiet); true when it holds.
    /// </summary>
    public async Task<bool> WaitUntilAsync(Func<RolloutWatch, bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(LateRetained);
        while (true)
        {
            Task next;
            lock (gate)
            {
                next = changed.Task; // taken before the check, so a message between the two is not missed
            }

            if (condition(this))
            {
                return true;
            }

            try
            {
                await next.WaitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return condition(this);
            }
        }
    }

    /// <summary>Touched by every message: waited on after subscribing, until the retained messages are in.</summary>
    public RetainedSettle Settle { get; } = new();

    public IReadOnlyList<FleetDevice> Devices()
    {
        lock (gate)
        {
            return fleet.Devices;
        }
    }

    /// <summary>Each device's state against the rollout's version, from its retained status (pending when none).</summary>
    public Dictionary<string, WaveDeviceState> States(RolloutRecord record)
    {
        var states = new Dictionary<string, WaveDeviceState>(StringComparer.Ordinal);
        foreach (var device in Devices())
        {
            if (device.Status is { } status)
            {
                states[device.DeviceId] = WaveDeviceReport.Of(status, record.Group).Against(record.Version);
            }
        }

        return states;
    }

    private void ReadRecord(byte[] payload)
    {
        (Record, RecordError) = RolloutRecord.ReadAt(rolloutId, Group, payload);
        Group ??= Record?.Group;
    }

    private static T? TryRead<T>(byte[] payload, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(payload, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
