namespace EdgeAgent.Core.Planning;

public sealed record OvsPlan(IReadOnlyList<OvsChange> Changes, IReadOnlyList<PlanProblem> Problems)
{
    public static OvsPlan Empty { get; } = new([], []);

    public bool IsEmpty => Changes.Count == 0;

    public override string ToString() =>
        Changes.Count == 0 && Problems.Count == 0
            ? "nothing to do"
            : string.Join(Environment.NewLine, Changes.Select(c => c.Describe()).Concat(Problems.Select(p => "! " + p)));
}
