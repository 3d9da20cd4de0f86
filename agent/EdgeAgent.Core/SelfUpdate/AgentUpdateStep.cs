namespace EdgeAgent.Core.SelfUpdate;

/// <summary>
/// One thing the daemon does for the self-update machine, in the order given. Steps are data (for
/// testing); SelfUpdater performs them against the disk, the host and the broker.
/// </summary>
/// <remarks>
/// Steps, events and phases are classes, not records: nothing compares or prints them, and each
/// record's synthesized equality and printing would cost the NativeAOT binary about a kilobyte.
/// </remarks>
public abstract class AgentUpdateStep
{
    /// <summary>How the step reads in the transition table test.</summary>
    public abstract string Describe();
}
