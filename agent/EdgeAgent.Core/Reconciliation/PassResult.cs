using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Reconciliation;

/// <summary>One reconcile pass: what was planned and how each step ended.</summary>
public sealed record PassResult(Plan Plan, IReadOnlyList<StepResult> Results, ObservedState Observed)
{
    public bool Succeeded => Results.All(r => r.Outcome == StepOutcome.Succeeded) && Plan.Problems.Count == 0;

    /// <summary>True when the device already matched: nothing planned and nothing blocked.</summary>
    public bool Converged => Plan.IsEmpty && Plan.Problems.Count == 0;
}
