namespace EdgeAgent.Core.Rollouts;

/// <summary>The record to write (before anything else) and the publications that follow it.</summary>
public sealed record RolloutStep(RolloutRecord Record, IReadOnlyList<RolloutAction> Actions)
{
    public bool Changed { get; init; }
}
