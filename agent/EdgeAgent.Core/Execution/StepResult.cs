using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Execution;

public sealed record StepResult(PlanStep Step, StepOutcome Outcome, int Attempts, string? Error = null, FailureKind? FailureKind = null)
{
    /// <summary>From the step's turn to its result, retries included (zero when skipped).</summary>
    public TimeSpan Elapsed { get; init; }

    public override string ToString() => Outcome switch
    {
        StepOutcome.Succeeded => $"ok      {Step.Describe()} ({Elapsed.TotalMilliseconds:0} ms)",
        StepOutcome.Skipped => $"skipped {Step.Describe()}: {Error}",
        _ => $"FAILED  {Step.Describe()} after {Attempts} attempt(s) [{FailureKind?.ToString().ToLowerInvariant()}]: {Error}",
    };
}
