using EdgeAgent.Core.Desired;

namespace EdgeAgent.Core.Planning;

/// <summary>Applies new cgroup limits to a running container in place: same container id.</summary>
public sealed record UpdateResourcesStep(string App, string ContainerId, ResourceLimits Limits) : PlanStep
{
    public override string Target => App;
    public override string Action => "update-resources";
    public override string Describe() => $"update limits of {App} ({ShortId.Of(ContainerId)}) to {Limits}";
}
