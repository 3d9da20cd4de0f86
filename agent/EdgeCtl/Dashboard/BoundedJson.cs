using System.Buffers;
using System.Text.Json;

namespace EdgeCtl.Dashboard;

/// <summary>
/// A device's JSON cut down to what the dashboard keeps of it: every string (values and property
/// names) at most <c>maxChars</c> characters, "…" ending a cut one, and every array and object at
/// most <c>maxEntries</c> entries. A device can publish up to the broker's packet limit; the page
/// needs the beginning of each text, and every browser is sent every device.
/// </summary>
internal static class BoundedJson
{
    /// <summary>The cut copy of <paramref name="json"/>; <paramref name="json"/> itself when it is not JSON (its reader reports that).</summary>
    public static byte[] Cut(byte[] json, int maxChars, int maxEntries)
    {
        ArgumentNullException.ThrowIfNull(json);
        var output = new ArrayBufferWriter<byte>(Math.Min(json.Length, 64 * 1024));
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
            var containers = new Stack<(bool IsArray, int Entries)>();
            var afterName = false;
            while (reader.Read())
            {
                var token = reader.TokenType;
                var isEntry = token == JsonTokenType.PropertyName
                    || (!afterName && containers.TryPeek(out var inner) && inner.IsArray && token != JsonTokenType.EndArray);
                if (isEntry)
                {
                    var (isArray, entries) = containers.Pop();
                    containers.Push((isArray, entries + 1));
                    if (entries + 1 > maxEntries)
                    {
                        if (token == JsonTokenType.PropertyName)
                        {
                            reader.Read();
                        }

                        reader.Skip(); // the value with everything inside it
                        continue;
                    }
                }

                afterName = token == JsonTokenType.PropertyName;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        writer.WriteStartObject();
                        containers.Push((false, 0));
                        break;
                    case JsonTokenType.StartArray:
                        writer.WriteStartArray();
                        containers.Push((true, 0));
                        break;
                    case JsonTokenType.EndObject:
                        writer.WriteEndObject();
                        containers.Pop();
                        break;
                    case JsonTokenType.EndArray:
                        writer.WriteEndArray();
                        containers.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        writer.WritePropertyName(Shorten(reader.GetString()!, maxChars));
                        break;
                    case JsonTokenType.String:
                        writer.WriteStringValue(Shorten(reader.GetString()!, maxChars));
                        break;
                    default:
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); // numbers, true, false, null
                        break;
                }
            }

            writer.Flush();
        }
        catch (JsonException)
        {
            return json;
        }

        return output.WrittenSpan.ToArray();
    }

    public static string Shorten(string text, int maxChars) =>
        text.Length <= maxChars ? text : string.Concat(text.AsSpan(0, char.IsHighSurrogate(text[maxChars - 1]) ? maxChars - 1 : maxChars), "…");
}
