namespace EdgeAgent.Core.Planning;

public sealed record RemoveContainerStep(string App, string ContainerId) : PlanStep
{
    public override string Target => App;
    public override string Action => "remove";
    public override string Describe() => $"remove {App} ({ShortId.Of(ContainerId)})";
}
