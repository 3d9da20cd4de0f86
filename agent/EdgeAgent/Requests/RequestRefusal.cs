using EdgeAgent.Core.Admission;

namespace EdgeAgent.Requests;

/// <summary>A request refused before it was verified (too large, empty, the queue full): why, and the id it claims when well formed.</summary>
internal sealed record RequestRefusal(RejectionReason Reason, string Message, string? ClaimedId);
