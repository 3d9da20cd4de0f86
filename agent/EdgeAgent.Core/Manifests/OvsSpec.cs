namespace EdgeAgent.Core.Manifests;

public sealed record OvsSpec
{
    public IReadOnlyDictionary<string, OvsBridgeSpec> Bridges { get; init; } = new Dictionary<string, OvsBridgeSpec>();
    public OvsMeshSpec? Mesh { get; init; }
}
