using EdgeAgent.Core.Desired;

namespace EdgeAgent.Core.Planning;

public sealed record AddPort(string BridgeUuid, string BridgeName, DesiredPort Port) : OvsChange
{
    public override string Describe() => $"add port {Port.Name} ({Port.Describe()}) to {BridgeName}";
}
