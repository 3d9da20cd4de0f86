namespace EdgeAgent.Core.SelfUpdate;

/// <summary>The release could not be staged (nothing was swapped); the reason says why.</summary>
public sealed class StagingFailed(string reason) : AgentUpdateEvent
{
    public string Reason { get; } = reason;
}
