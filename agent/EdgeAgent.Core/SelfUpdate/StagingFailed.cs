namespace EdgeAgent.Core.SelfUpdate;

/// <summary>The release could not be staged (nothing was swapped); the reason says why.</summary>
public sealed record StagingFailed(string Reason) : AgentUpdateEvent;
