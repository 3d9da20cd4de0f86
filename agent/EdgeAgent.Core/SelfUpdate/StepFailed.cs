namespace EdgeAgent.Core.SelfUpdate;

/// <summary>
/// A step of the last transition threw: the phase goes back to <paramref name="before"/> so that the
/// next pass tries again (what the device remembers stays as recorded).
/// </summary>
public sealed class StepFailed(AgentUpdatePhase before) : AgentUpdateEvent
{
    public AgentUpdatePhase Before { get; } = before;
}
