namespace EdgeAgent.Core.Planning;

/// <summary>
/// One command of a plan. Steps are data (for printing, testing and dry runs); the execution stage
/// (StepCommands) runs them against the runtime. <see cref="DependsOn"/> holds ids of earlier steps.
/// </summary>
public abstract record PlanStep
{
    public int Id { get; init; }
    public IReadOnlyList<int> DependsOn { get; init; } = [];

    /// <summary>The app (or network) the step serves: failures are reported per target.</summary>
    public abstract string Target { get; }

    /// <summary>Short machine-friendly verb: pull, create-network, create, start, stop, remove, update-resources, remove-network.</summary>
    public abstract string Action { get; }

    public abstract string Describe();

    // Sealed: derived records would otherwise synthesize their own ToString and print every field.
    public sealed override string ToString()
    {
        var after = DependsOn.Count == 0 ? "" : $" (after {string.Join(", ", DependsOn.Select(d => "#" + d))})";
        return $"#{Id} {Describe()}{after}";
    }
}
