using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Manifests;

/// <summary>
/// Source-generated, strict JSON contract for manifests: camelCase, unknown keys rejected,
/// duplicate keys rejected, nullable annotations respected.
/// </summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(Manifest))]
public sealed partial class ManifestJsonContext : JsonSerializerContext;
