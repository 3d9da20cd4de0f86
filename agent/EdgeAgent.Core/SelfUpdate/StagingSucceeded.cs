using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.SelfUpdate;

/// <summary>The release was staged as <paramref name="Binary"/>; <paramref name="Release"/> is what the desired state names now.</summary>
public sealed record StagingSucceeded(AgentReleaseSpec? Release, string Binary) : AgentUpdateEvent;
