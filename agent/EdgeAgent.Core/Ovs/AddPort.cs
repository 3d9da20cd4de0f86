namespace EdgeAgent.Core.Ovs;

public sealed record AddPort(string BridgeUuid, string BridgeName, DesiredPort Port) : OvsChange
{
    public override string Describe() => $"add port {Port.Name} ({OvsPlanner.Describe(Port)}) to {BridgeName}";
}
