namespace EdgeAgent.Core.Desired;

public sealed record DesiredBridge
{
    public required string Name { get; init; }
    public string DatapathType { get; init; } = "system";
    public bool Stp { get; init; }
    public int? Mtu { get; init; }
    public IReadOnlyDictionary<string, string> OtherConfig { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, DesiredPort> Ports { get; init; } = new Dictionary<string, DesiredPort>();
}
