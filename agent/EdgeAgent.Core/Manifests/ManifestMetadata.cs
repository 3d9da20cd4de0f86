using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Manifests;

public sealed record ManifestMetadata
{
    /// <summary>
    /// The highest version: 2^53-1, the largest integer every JSON tool holds exactly. A stream that
    /// takes one version per millisecond lasts 285,000 years; 2^63-1 (a typo or an attack) is refused.
    /// </summary>
    public const long MaxVersion = (1L << 53) - 1;

    public required string Name { get; init; }
    public required long Version { get; init; }
    [JsonConverter(typeof(Rfc3339Converter))]
    public required DateTimeOffset IssuedAt { get; init; }

    [JsonConverter(typeof(Rfc3339Converter))]
    public required DateTimeOffset ExpiresAt { get; init; }
    public ManifestTarget Target { get; set; } = new();
}
