namespace EdgeAgent.Core.Manifests;

/// <summary>A full tunnel mesh: one tunnel port towards every peer other than <see cref="LocalIp"/>.</summary>
public sealed record OvsMeshSpec
{
    public required string Bridge { get; init; }
    public string Type { get; set; } = "gre";
    public required string LocalIp { get; init; }
    public IReadOnlyList<string> Peers { get; set; } = [];
}
