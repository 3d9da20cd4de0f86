using EdgeAgent.Core.Desired;

namespace EdgeAgent.Core.Planning;

/// <summary>A new bridge with all its desired ports (its own internal port among them).</summary>
public sealed record CreateBridge(DesiredBridge Bridge) : OvsChange
{
    public override string Describe() => $"create bridge {Bridge.Name} ({Bridge.DatapathType}) with ports {string.Join(", ", Bridge.Ports.Keys.Order(StringComparer.Ordinal))}";
}
