namespace EdgeAgent.Core.Planning;

public sealed record StopContainerStep(string App, string ContainerId) : PlanStep
{
    public override string Target => App;
    public override string Action => "stop";
    public override string Describe() => $"stop {App} ({ShortId.Of(ContainerId)})";
}
