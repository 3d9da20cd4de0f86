using EdgeAgent.Core.Desired;

namespace EdgeAgent.Core.Planning;

/// <summary>Datapath type, STP and other_config of an owned bridge, set to the desired values.</summary>
public sealed record UpdateBridge(string Uuid, DesiredBridge Bridge) : OvsChange
{
    public override string Describe() => $"update bridge {Bridge.Name} (datapath {Bridge.DatapathType}, stp {(Bridge.Stp ? "on" : "off")})";
}
