namespace EdgeAgent.Core.SelfUpdate;

/// <summary>
/// One thing the daemon does for the self-update machine, in the order given. Steps are data (for
/// testing); SelfUpdater performs them against the disk, the host and the broker.
/// </summary>
public abstract record AgentUpdateStep
{
    public abstract string Describe();

    // Sealed: derived records would otherwise synthesize their own ToString and print every field.
    public sealed override string ToString() => Describe();
}
