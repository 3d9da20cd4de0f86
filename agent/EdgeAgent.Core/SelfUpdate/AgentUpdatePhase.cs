namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Where the agent's update of itself stands: idle, staging a release, swapped and stopping, or on probation.</summary>
public abstract class AgentUpdatePhase;
