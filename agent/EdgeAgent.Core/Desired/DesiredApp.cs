namespace EdgeAgent.Core.Desired;

public sealed record DesiredApp
{
    public required string Name { get; init; }
    public required ContainerSpec Spec { get; init; }
    public required string SpecHash { get; init; }
    public ResourceLimits Resources { get; init; } = ResourceLimits.None;
    public IReadOnlyList<string> DependsOn { get; init; } = [];
    public bool Running { get; init; } = true;
}
