namespace EdgeAgent.Core.Manifests;

public sealed record ManifestMetadata
{
    public required string Name { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public ManifestTarget Target { get; set; } = new();
}
