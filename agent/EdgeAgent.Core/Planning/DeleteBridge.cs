namespace EdgeAgent.Core.Planning;

public sealed record DeleteBridge(string Uuid, string Name) : OvsChange
{
    public override string Describe() => $"delete bridge {Name}";
}
