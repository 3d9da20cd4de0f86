namespace EdgeAgent.Core.Planning;

public sealed record DeletePort(string BridgeUuid, string BridgeName, string PortUuid, string Name) : OvsChange
{
    public override string Describe() => $"delete port {Name} from {BridgeName}";
}
