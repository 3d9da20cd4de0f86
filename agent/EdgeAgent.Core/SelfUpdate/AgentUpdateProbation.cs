namespace EdgeAgent.Core.SelfUpdate;

/// <summary>
/// This agent serves its probation: it passes once it is ready, connected and a pass has completed.
/// <paramref name="RecheckAt"/> is when the recheck asked for comes due (null when none is pending).
/// </summary>
public sealed record AgentUpdateProbation(string Version, string From, bool PassedOnce = false, DateTimeOffset? RecheckAt = null) : AgentUpdatePhase;
