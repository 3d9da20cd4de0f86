namespace EdgeAgent.Core.Ovs;

public sealed record DeletePort(string BridgeUuid, string BridgeName, string PortUuid, string Name) : OvsChange
{
    public override string Describe() => $"delete port {Name} from {BridgeName}";
}
