using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Execution;

[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RolledBackNetwork))]
internal sealed partial class OvsStateJsonContext : JsonSerializerContext;
