using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Requests;

/// <summary>Strict, source-generated JSON for operator requests (unknown and duplicate keys are errors).</summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OperatorRequest))]
[JsonSerializable(typeof(ResponseChunk))]
[JsonSerializable(typeof(DeviceFacts))]
public sealed partial class RequestJsonContext : JsonSerializerContext;
