using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeAgent.Configuration;

/// <summary>
/// A list key of agent.json (groups, broker.urls, policy lists): a JSON array of values, each read as
/// <see cref="ConfigurationText"/> (a null item stays null, for the key's own check to name it);
/// null, "", [] and {} leave the key unset (its default: policy.allowedBindPrefixes has one), as
/// earlier versions read them. A single value where a list belongs is refused: it would be one name lost.
/// </summary>
internal sealed class NameListConverter : JsonConverter<List<string?>?>
{
    public override bool HandleNull => true;

    public override List<string?>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            reader.Read();
            return reader.TokenType == JsonTokenType.EndObject ? null : throw new ConfigurationValueException(" must be a JSON array (of names), not an object");
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return ConfigurationText.Read(ref reader) switch
            {
                null or "" => null,
                var text => throw new ConfigurationValueException($" must be a JSON array (of names), not \"{text}\""),
            };
        }

        var list = new List<string?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(ConfigurationText.Read(ref reader));
        }

        return list.Count == 0 ? null : list;
    }

    public override void Write(Utf8JsonWriter writer, List<string?>? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }
}
