namespace EdgeAgent.Core.SelfUpdate;

/// <summary>At start: the guard restored this agent and said so (stateDir/agent/rolled-back); <paramref name="at"/> when it gave one.</summary>
public sealed class GuardNoteFound(string version, string reason, DateTimeOffset? at) : AgentUpdateEvent
{
    public string Version { get; } = version;
    public string Reason { get; } = reason;
    public DateTimeOffset? At { get; } = at;
}
