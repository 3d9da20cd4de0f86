using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Reporting;

public sealed record StreamStatus
{
    public long? AppliedVersion { get; init; }
    public DateTimeOffset? AppliedAt { get; init; }
    public StreamRejection? Rejected { get; init; }

    /// <summary>The last refused manifest is newer than the applied one: the stream waits for a fix.</summary>
    [JsonIgnore]
    public bool RejectionPending => Rejected is { } rejected && (AppliedVersion is null || rejected.Version is null || rejected.Version > AppliedVersion);
}
