using EdgeAgent.Core.Admission;

namespace EdgeAgent.Core.Reporting;

/// <summary>The last manifest refused on a stream: its claimed version, the reason code and the located errors.</summary>
public sealed record StreamRejection
{
    public long? Version { get; init; }
    public required RejectionReason Reason { get; init; }
    public IReadOnlyList<string> Errors { get; init => field = value ?? []; } = [];
    public required DateTimeOffset At { get; init; }
}
