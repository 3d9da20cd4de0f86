using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeAgent.Configuration;

/// <summary>A true/false key of agent.json: a JSON boolean or a string holding one ("false", "True"); unset when null or "".</summary>
internal sealed class TrueFalseConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ConfigurationText.Read(ref reader) switch
        {
            null or "" => null,
            var text when bool.TryParse(text, out var value) => value,
            var text => throw new ConfigurationValueException($": '{text}' is not true or false"),
        };

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } flag)
        {
            writer.WriteBooleanValue(flag);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
