namespace EdgeAgent.Core.Manifests;

public sealed record OvsBridgeSpec
{
    public bool Stp { get; init; }
    public int? Mtu { get; init; }
    public string DatapathType { get; set; } = "system";
    public IReadOnlyDictionary<string, string> OtherConfig { get; set; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, OvsPortSpec> Ports { get; set; } = new Dictionary<string, OvsPortSpec>();
}
