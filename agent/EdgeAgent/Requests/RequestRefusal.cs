using EdgeAgent.Core.Admission;

namespace EdgeAgent.Requests;

/// <summary>A request refused before it was verified (too large, empty, the queue full): why, and the id it claims when well formed.</summary>
internal sealed class RequestRefusal(RejectionReason reason, string message, string? claimedId)
{
    public RejectionReason Reason { get; } = reason;
    public string Message { get; } = message;
    public string? ClaimedId { get; } = claimedId;
}
