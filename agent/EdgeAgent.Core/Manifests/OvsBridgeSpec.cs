namespace EdgeAgent.Core.Manifests;

public sealed record OvsBridgeSpec
{
    public bool Stp { get; init; }
    public int? Mtu { get; init; }
    public string DatapathType { get; init; } = "system";
    public IReadOnlyDictionary<string, string> OtherConfig { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, OvsPortSpec> Ports { get; init; } = new Dictionary<string, OvsPortSpec>();
}
