namespace EdgeAgent.Core.SelfUpdate;

/// <summary>At start: the guard restored this agent and said so (stateDir/agent/rolled-back); <paramref name="At"/> when it gave one.</summary>
public sealed record GuardNoteFound(string Version, string Reason, DateTimeOffset? At) : AgentUpdateEvent;
