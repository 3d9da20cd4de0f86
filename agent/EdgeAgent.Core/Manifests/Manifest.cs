namespace EdgeAgent.Core.Manifests;

/// <summary>Desired state for a device, manifest v1 (see manifests/schema).</summary>
public sealed record Manifest
{
    public const string CurrentApiVersion = "edge/v1";
    public const string ManifestKind = "Manifest";

    public required string ApiVersion { get; init; }
    public required string Kind { get; init; }
    public required ManifestMetadata Metadata { get; init; }
    public required ManifestSpec Spec { get; init; }
}
