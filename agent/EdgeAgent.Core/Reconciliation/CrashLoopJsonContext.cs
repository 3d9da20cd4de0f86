using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Reconciliation;

[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(Dictionary<string, CrashRecord>))]
internal sealed partial class CrashLoopJsonContext : JsonSerializerContext;
