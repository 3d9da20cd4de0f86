using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Reconciliation;

/// <summary>One reconcile pass: what was planned and how each step ended.</summary>
public sealed record PassResult(Plan Plan, IReadOnlyList<StepResult> Results, ObservedState Observed)
{
    /// <summary>The Open vSwitch stage: its plan (applied in one transaction unless a dry run).</summary>
    public OvsPlan Ovs { get; init; } = OvsPlan.Empty;

    /// <summary>Why the Open vSwitch stage failed (unreachable, transaction refused), if it did.</summary>
    public string? OvsError { get; init; }

    /// <summary>Set while the desired network is one that was rolled back (commit-confirm failed): why.</summary>
    public string? OvsRolledBack { get; init; }

    /// <summary>The switch as this pass observed it (null without Open vSwitch).</summary>
    public ObservedOvs? OvsObserved { get; init; }

    /// <summary>The Open vSwitch stage's wall time and OVSDB requests (zero without Open vSwitch).</summary>
    public TimeSpan OvsElapsed { get; init; }
    public int OvsRoundTrips { get; init; }

    /// <summary>Apps that keep exiting (crash-loop backoff), reported as crash-looping.</summary>
    public IReadOnlyList<string> CrashLooping { get; init; } = [];

    /// <summary>When the first crash-loop hold of this pass ends: the next pass should run then.</summary>
    public DateTimeOffset? HoldsEndAt { get; init; }

    /// <summary>Apps held at their previous version because this version failed its probation: app -> why.</summary>
    public IReadOnlyDictionary<string, string> RolledBack { get; init; } = new Dictionary<string, string>();

    /// <summary>The apps of <see cref="RolledBack"/> whose failure this pass found (the rollback is news).</summary>
    public IReadOnlyList<string> NewlyRolledBack { get; init; } = [];

    /// <summary>Apps whose new version is on probation (their previous version is kept).</summary>
    public IReadOnlyList<string> OnProbation { get; init; } = [];

    /// <summary>When the first probation of this pass ends: the next pass should run then.</summary>
    public DateTimeOffset? ProbationEndsAt { get; init; }

    /// <summary>State documents this pass found unusable and set aside (one sentence each: which, why, what is lost).</summary>
    public IReadOnlyList<string> StateSetAside { get; init; } = [];

    public bool Succeeded => Results.All(r => r.Outcome == StepOutcome.Succeeded) && Plan.Problems.Count == 0 && OvsError is null && Ovs.Problems.Count == 0 && OvsRolledBack is null;

    /// <summary>True when the device already matched: nothing planned and nothing blocked.</summary>
    public bool Converged => Plan.IsEmpty && Plan.Problems.Count == 0 && Ovs.IsEmpty && Ovs.Problems.Count == 0 && OvsError is null && OvsRolledBack is null;

    /// <summary>Stable: nothing to do but the desired network was rolled back, so the previous one is kept until a different one is desired.</summary>
    public bool KeepsPreviousNetwork => OvsRolledBack is not null && Plan.IsEmpty && Ovs.IsEmpty && OvsError is null;
}
