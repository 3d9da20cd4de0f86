using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Intake;

/// <summary>Strict, source-generated JSON for envelopes and roots (unknown and duplicate keys are errors).</summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    WriteIndented = true)]
[JsonSerializable(typeof(DsseEnvelope))]
[JsonSerializable(typeof(RootDocument))]
[JsonSerializable(typeof(TrustState))]
[JsonSerializable(typeof(List<DsseEnvelope>))]
public sealed partial class TrustJsonContext : JsonSerializerContext;
