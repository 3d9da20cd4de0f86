namespace EdgeAgent.Core.Ovs;

public sealed record DeleteBridge(string Uuid, string Name) : OvsChange
{
    public override string Describe() => $"delete bridge {Name}";
}
