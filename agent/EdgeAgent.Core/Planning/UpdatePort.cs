using EdgeAgent.Core.Desired;

namespace EdgeAgent.Core.Planning;

/// <summary>Interface type, options and MTU, and the port's VLAN tag, set in place (same rows).</summary>
public sealed record UpdatePort(string PortUuid, string InterfaceUuid, string BridgeName, DesiredPort Port) : OvsChange
{
    public override string Describe() => $"update port {Port.Name} on {BridgeName} to {Port.Describe()}";
}
