namespace EdgeAgent.Core.Reconciliation;

/// <summary>What one pass of the loop means for scheduling the next one.</summary>
/// <param name="Healthy">False when a step, the switch or the pass itself failed: the next pass retries with backoff.</param>
/// <param name="ChangedSomething">The pass acted, so the next pass verifies at once.</param>
/// <param name="WakeAt">The earliest restart hold or probation ending, when one is due.</param>
/// <param name="Completed">The pass ran to its end (self-update judges its own probation only then).</param>
public sealed record PassOutcome(bool Healthy, bool ChangedSomething, DateTimeOffset? WakeAt, bool Completed)
{
    /// <summary>No desired state yet: nothing ran and nothing failed.</summary>
    public static PassOutcome Idle { get; } = new(Healthy: true, ChangedSomething: false, WakeAt: null, Completed: false);

    /// <summary>The pass failed before it could plan, or crashed.</summary>
    public static PassOutcome Failed { get; } = new(Healthy: false, ChangedSomething: false, WakeAt: null, Completed: false);

    public static PassOutcome Of(PassResult pass)
    {
        ArgumentNullException.ThrowIfNull(pass);
        if (pass.Converged || pass.KeepsPreviousNetwork)
        {
            return new(Healthy: true, ChangedSomething: false, WakeAt: null, Completed: true);
        }

        return new(
            pass.Succeeded,
            pass.Results.Count > 0 || (!pass.Ovs.IsEmpty && pass.OvsError is null),
            Earliest(pass.HoldsEndAt, pass.ProbationEndsAt),
            Completed: true);
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
