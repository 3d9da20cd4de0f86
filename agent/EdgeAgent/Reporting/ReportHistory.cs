using EdgeAgent.Core.Reporting;

namespace EdgeAgent.Reporting;

/// <summary>
/// Remembers what the agent reported (the latest status and the newest <see cref="EventCapacity"/>
/// events) for its support bundle, and passes everything on to <paramref name="inner"/>: events that
/// the broker never saw, because the device was offline, are in the bundle too.
/// </summary>
internal sealed class ReportHistory(IStatusPublisher inner) : IStatusPublisher
{
    public const int EventCapacity = 500;

    private readonly Lock gate = new();
    private readonly Queue<AgentEvent> events = new();
    private DeviceStatus? latest;

    public void Publish(DeviceStatus status)
    {
        Volatile.Write(ref latest, status);
        inner.Publish(status);
    }

    public void Publish(AgentEvent agentEvent)
    {
        lock (gate)
        {
            events.Enqueue(agentEvent);
            while (events.Count > EventCapacity)
            {
                events.Dequeue();
            }
        }

        inner.Publish(agentEvent);
    }

    public Task FlushAsync(TimeSpan limit, CancellationToken cancellationToken) => inner.FlushAsync(limit, cancellationToken);

    /// <summary>The last status reported, or null before the first pass.</summary>
    public DeviceStatus? LatestStatus => Volatile.Read(ref latest);

    /// <summary>The remembered events, oldest first.</summary>
    public IReadOnlyList<AgentEvent> RecentEvents()
    {
        lock (gate)
        {
            return [.. events];
        }
    }
}
