namespace EdgeAgent.Core.Rollouts;

/// <summary>
/// What a retained rollout record read at its topic is (<see cref="RolloutRecord.ReadAt"/>): the
/// record when it can be used, or why it cannot. Both null: nothing is retained there.
/// </summary>
public sealed record RolloutRecordReading(RolloutRecord? Record, string? Error);
