namespace EdgeAgent.Core.SelfUpdate;

/// <summary>
/// This agent serves its probation: it passes once it is ready, connected and a pass has completed.
/// <paramref name="recheckAt"/> is when the recheck asked for comes due (null when none is pending).
/// </summary>
public sealed class AgentUpdateProbation(string version, string from, bool passedOnce = false, DateTimeOffset? recheckAt = null) : AgentUpdatePhase
{
    public string Version { get; } = version;
    public string From { get; } = from;
    public bool PassedOnce { get; } = passedOnce;
    public DateTimeOffset? RecheckAt { get; } = recheckAt;
}
