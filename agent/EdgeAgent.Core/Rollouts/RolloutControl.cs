namespace EdgeAgent.Core.Rollouts;

/// <summary>An operator's request to the process driving a rollout, retained at edge/v1/rollouts/{id}/control.</summary>
public sealed record RolloutControl(RolloutRequest Request, DateTimeOffset At);
