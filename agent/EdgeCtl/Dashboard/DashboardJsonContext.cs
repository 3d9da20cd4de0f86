using System.Text.Json.Serialization;

namespace EdgeCtl.Dashboard;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DashboardSnapshot))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
