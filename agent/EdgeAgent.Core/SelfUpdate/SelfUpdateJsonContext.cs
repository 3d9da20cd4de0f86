using System.Text.Json.Serialization;

namespace EdgeAgent.Core.SelfUpdate;

[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentReleaseState))]
public sealed partial class SelfUpdateJsonContext : JsonSerializerContext;
