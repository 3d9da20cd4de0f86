namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Staging stopped because the agent is stopping.</summary>
public sealed class StagingCancelled : AgentUpdateEvent;
