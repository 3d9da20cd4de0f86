namespace EdgeAgent.Core.Fleet;

public sealed record StreamStatus
{
    public long? AppliedVersion { get; init; }
    public DateTimeOffset? AppliedAt { get; init; }
    public StreamRejection? Rejected { get; init; }
}
