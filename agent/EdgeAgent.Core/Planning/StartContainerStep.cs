namespace EdgeAgent.Core.Planning;

/// <summary>Starts by name: the container may be created by an earlier step of the same plan.</summary>
public sealed record StartContainerStep(string App, string ContainerIdOrName) : PlanStep
{
    public override string Target => App;
    public override string Action => "start";
    public override string Describe() => $"start {App}";
}
