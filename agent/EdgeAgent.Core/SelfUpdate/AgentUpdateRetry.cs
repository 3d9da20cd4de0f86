namespace EdgeAgent.Core.SelfUpdate;

/// <summary>A release that failed to stage: not staged again before <paramref name="At"/>.</summary>
public sealed record AgentUpdateRetry(string Version, DateTimeOffset At, int Failures);
