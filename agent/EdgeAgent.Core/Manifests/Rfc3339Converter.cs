using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace EdgeAgent.Core.Manifests;

/// <summary>
/// Timestamps as RFC 3339 with an explicit offset ("2026-11-28T10:00:00Z" or "+01:00"). Without one,
/// .NET would read the signer's local time as the device's: a signed time must mean one instant.
/// </summary>
public sealed partial class Rfc3339Converter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("must be an RFC 3339 timestamp string such as \"2026-11-28T10:00:00Z\"");
        }

        var text = reader.GetString()!;
        if (!Pattern().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            throw new JsonException($"{TextRules.Quote(text)} is not an RFC 3339 timestamp with an offset, such as \"2026-11-28T10:00:00Z\"");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?(Z|[+-][0-9]{2}:[0-9]{2})\z")]
    private static partial Regex Pattern();
}
