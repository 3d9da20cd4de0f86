using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Execution;

[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(RolledBackNetwork))]
internal sealed partial class OvsStateJsonContext : JsonSerializerContext;
