namespace EdgeAgent.Core.Planning;

public sealed record RemoveNetworkStep(string NetworkId, string Name) : PlanStep
{
    public override string Target => "network/" + Name;
    public override string Action => "remove-network";
    public override string Describe() => $"remove network {Name}";
}
