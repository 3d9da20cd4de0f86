using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.SelfUpdate;

/// <summary>
/// A reconcile pass ended: the release the desired state names, whether the pass completed, whether
/// the host is ready (READY sent) and the broker connected, and why this agent cannot swap itself (null when it can).
/// </summary>
public sealed record PassEnded(AgentReleaseSpec? Release, bool Completed, bool Ready, bool Connected, string? CannotSwap) : AgentUpdateEvent;
