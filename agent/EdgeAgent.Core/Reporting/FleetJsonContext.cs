using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Reporting;

[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeviceStatus))]
[JsonSerializable(typeof(AgentEvent))]
public sealed partial class FleetJsonContext : JsonSerializerContext;
