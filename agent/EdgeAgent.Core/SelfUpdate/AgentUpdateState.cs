namespace EdgeAgent.Core.SelfUpdate;

/// <summary>The self-update machine's whole state: its phase, what the device remembers (release.json) and the staging backoff.</summary>
public sealed record AgentUpdateState(AgentUpdatePhase Phase, AgentReleaseState Remembered, AgentUpdateRetry? Retry = null)
{
    public static AgentUpdateState Initial { get; } = new(AgentUpdateIdle.Instance, new AgentReleaseState());
}
