namespace EdgeAgent.Core.SelfUpdate;

/// <summary>At start: release.json as read (an empty state when absent or set aside).</summary>
public sealed class ReleaseStateLoaded(AgentReleaseState state) : AgentUpdateEvent
{
    public AgentReleaseState State { get; } = state;
}
