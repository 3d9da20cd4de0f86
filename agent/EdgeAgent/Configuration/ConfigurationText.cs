using System.Buffers;
using System.Text;
using System.Text.Json;

namespace EdgeAgent.Configuration;

/// <summary>
/// A scalar of agent.json as text, read the way the configuration binder of earlier versions read
/// it, so files written for them keep loading: a number or true/false stands for its text ("60",
/// "True"), null and {} leave the key unset, [] is "". A list or object with something in it is refused.
/// </summary>
internal static class ConfigurationText
{
    public static string? Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
            case JsonTokenType.True:
                return bool.TrueString;
            case JsonTokenType.False:
                return bool.FalseString;
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartArray:
                reader.Read();
                return reader.TokenType == JsonTokenType.EndArray ? "" : throw new ConfigurationValueException(" must be a single value, not a list");
            default:
                reader.Read();
                return reader.TokenType == JsonTokenType.EndObject ? null : throw new ConfigurationValueException(" must be a single value, not an object");
        }
    }
}
