namespace EdgeAgent.Core.Manifests;

public sealed record OvsSpec
{
    public IReadOnlyDictionary<string, OvsBridgeSpec> Bridges { get; set; } = new Dictionary<string, OvsBridgeSpec>();
    public OvsMeshSpec? Mesh { get; init; }
}
