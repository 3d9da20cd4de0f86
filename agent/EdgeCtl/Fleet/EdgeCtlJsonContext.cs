using System.Text.Json.Serialization;

namespace EdgeCtl.Fleet;

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<FleetDevice>))]
[JsonSerializable(typeof(EdgeCtl.Requests.BundleSummary))]
internal sealed partial class EdgeCtlJsonContext : JsonSerializerContext;
