using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeAgent.Configuration;

internal sealed class OvsdbOptions
{
    public string? Endpoint { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
