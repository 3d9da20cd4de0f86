namespace EdgeAgent.Core.Desired;

public sealed record DesiredApp
{
    public required string Name { get; init; }
    public required ContainerSpec Spec { get; init; }
    public required string SpecHash { get; init; }
    public ResourceLimits Resources { get; init; } = ResourceLimits.None;
    public IReadOnlyList<string> DependsOn { get; init; } = [];
    public bool Running { get; init; } = true;

    /// <summary>How a new version replaces the running one; not part of the spec hash (changing it recreates nothing).</summary>
    public UpdatePolicy Update { get; init; } = UpdatePolicy.Immediate;
}
