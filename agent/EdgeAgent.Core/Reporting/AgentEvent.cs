using EdgeAgent.Core.Admission;

namespace EdgeAgent.Core.Reporting;

/// <summary>One entry on a device's events topic (not retained).</summary>
public sealed record AgentEvent
{
    public required AgentEventType Type { get; init; }
    public required DateTimeOffset At { get; init; }
    public string? Stream { get; init; }
    public long? Version { get; init; }
    public RejectionReason? Reason { get; init; }
    public required string Message { get; init; }
}
