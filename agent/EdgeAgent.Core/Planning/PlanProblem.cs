namespace EdgeAgent.Core.Planning;

/// <summary>Something the planner cannot fix by itself, such as a name held by an unmanaged object.</summary>
public sealed record PlanProblem(string Target, string Message)
{
    public override string ToString() => $"{Target}: {Message}";
}
