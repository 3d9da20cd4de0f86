using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Execution;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RolledBackNetwork))]
internal sealed partial class OvsStateJsonContext : JsonSerializerContext;
