using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeAgent.Configuration;

/// <summary>A string key of agent.json (see <see cref="ConfigurationText"/> for what stands for one).</summary>
internal sealed class ConfigurationStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ConfigurationText.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
