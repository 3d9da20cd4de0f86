namespace EdgeAgent.Core.Execution;

public enum StepOutcome
{
    Succeeded,
    Failed,

    /// <summary>Not run because a step it depends on failed.</summary>
    Skipped,
}
