using EdgeAgent.Core.Reporting;

namespace EdgeAgent.Reporting;

/// <summary>Where reported state goes. Both calls return at once: reporting never blocks reconciliation.</summary>
internal interface IStatusPublisher
{
    /// <summary>Replaces the status to publish; a burst of updates publishes only the latest.</summary>
    void Publish(DeviceStatus status);

    void Publish(AgentEvent agentEvent);

    /// <summary>Waits, at most <paramref name="limit"/>, until what was published has gone out (before a deliberate exit).</summary>
    Task FlushAsync(TimeSpan limit, CancellationToken cancellationToken);
}
