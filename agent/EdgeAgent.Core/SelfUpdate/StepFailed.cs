namespace EdgeAgent.Core.SelfUpdate;

/// <summary>
/// A step of the last transition threw: the phase goes back to <paramref name="Before"/> so that the
/// next pass tries again (what the device remembers stays as recorded).
/// </summary>
public sealed record StepFailed(AgentUpdatePhase Before) : AgentUpdateEvent;
