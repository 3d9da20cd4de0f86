using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Execution;

public sealed record StepResult(PlanStep Step, StepOutcome Outcome, int Attempts, string? Error = null, FailureKind? FailureKind = null)
{
    public override string ToString() => Outcome switch
    {
        StepOutcome.Succeeded => $"ok      {Step.Describe()}",
        StepOutcome.Skipped => $"skipped {Step.Describe()}: {Error}",
        _ => $"FAILED  {Step.Describe()} after {Attempts} attempt(s) [{FailureKind?.ToString().ToLowerInvariant()}]: {Error}",
    };
}
