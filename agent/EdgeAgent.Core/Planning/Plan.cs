namespace EdgeAgent.Core.Planning;

/// <summary>An ordered set of steps; every dependency points to an earlier step.</summary>
public sealed record Plan(IReadOnlyList<PlanStep> Steps, IReadOnlyList<PlanProblem> Problems)
{
    public static Plan Empty { get; } = new([], []);

    public bool IsEmpty => Steps.Count == 0;

    public override string ToString() =>
        Steps.Count == 0 && Problems.Count == 0
            ? "nothing to do"
            : string.Join(Environment.NewLine, Steps.Select(s => s.ToString()).Concat(Problems.Select(p => "! " + p)));
}
