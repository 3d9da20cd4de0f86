using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.SelfUpdate;

/// <summary>The release was staged as <paramref name="binary"/>; <paramref name="release"/> is what the desired state names now.</summary>
public sealed class StagingSucceeded(AgentReleaseSpec? release, string binary) : AgentUpdateEvent
{
    public AgentReleaseSpec? Release { get; } = release;
    public string Binary { get; } = binary;
}
