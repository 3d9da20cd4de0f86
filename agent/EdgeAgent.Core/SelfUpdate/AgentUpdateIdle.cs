namespace EdgeAgent.Core.SelfUpdate;

/// <summary>No release in hand: the next pass decides about the one the desired state names.</summary>
public sealed class AgentUpdateIdle : AgentUpdatePhase
{
    public static AgentUpdateIdle Instance { get; } = new();
}
