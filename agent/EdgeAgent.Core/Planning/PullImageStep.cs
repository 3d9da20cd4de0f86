namespace EdgeAgent.Core.Planning;

public sealed record PullImageStep(string Image) : PlanStep
{
    public override string Target => Image;
    public override string Action => "pull";
    public override string Describe() => $"pull image {Image}";
}
