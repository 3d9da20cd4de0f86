using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.SelfUpdate;

/// <summary>
/// A reconcile pass ended: the release the desired state names, whether the pass completed, whether
/// the host is ready (READY sent) and the broker connected, and why this agent cannot swap itself (null when it can).
/// </summary>
public sealed class PassEnded(AgentReleaseSpec? release, bool completed, bool ready, bool connected, string? cannotSwap) : AgentUpdateEvent
{
    public AgentReleaseSpec? Release { get; } = release;
    public bool Completed { get; } = completed;
    public bool Ready { get; } = ready;
    public bool Connected { get; } = connected;
    public string? CannotSwap { get; } = cannotSwap;
}
