namespace EdgeAgent.Core.SelfUpdate;

/// <summary>The release is being staged in the background; passes and the watchdog go on meanwhile.</summary>
public sealed class AgentUpdateStaging(AgentUpdateDecision release) : AgentUpdatePhase
{
    public AgentUpdateDecision Release { get; } = release;
}
