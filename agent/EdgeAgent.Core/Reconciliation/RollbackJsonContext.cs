using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Reconciliation;

[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(Dictionary<string, RollbackRecord>))]
internal sealed partial class RollbackJsonContext : JsonSerializerContext;
