using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeAgent.Configuration;

/// <summary>A whole-number key of agent.json: a JSON number or a string holding one ("60", " +60 "); unset when null or "".</summary>
internal sealed class WholeNumberConverter : JsonConverter<int?>
{
    public override bool HandleNull => true;

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ConfigurationText.Read(ref reader) switch
        {
            null or "" => null,
            var text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
            var text => throw new ConfigurationValueException($": '{text}' is not a whole number"),
        };

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
