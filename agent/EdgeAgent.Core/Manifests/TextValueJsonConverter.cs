using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Manifests;

/// <summary>
/// A manifest value written as one JSON string and parsed into its type when the manifest is read,
/// so that nothing downstream parses it again. A bad value is a <see cref="JsonException"/> whose
/// message says what is expected; the manifest parser adds the field's path.
/// </summary>
public abstract class TextValueJsonConverter<T> : JsonConverter<T>
{
    protected abstract bool TryParse(string text, out T value);

    /// <summary>The error for a string that does not parse, e.g. "\"x\" is not a size: ...".</summary>
    protected abstract string Refusal(string text);

    protected abstract string Format(T value);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"must be a string: {Refusal("")}");
        }

        var text = reader.GetString()!;
        return TryParse(text, out var value) ? value : throw new JsonException(Refusal(text));
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Format(value));
    }
}
