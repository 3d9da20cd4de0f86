using System.Globalization;
using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Manifests;

/// <summary>A size written as bytes ("1048576") or with a binary suffix ("512Ki", "256Mi", "1Gi"); keeps the text as written.</summary>
[JsonConverter(typeof(ByteSizeJsonConverter))]
public readonly record struct ByteSize
{
    private ByteSize(long bytes, string text) => (Bytes, Text) = (bytes, text);

    public long Bytes { get; }

    public string Text { get; }

    public static bool TryParse(string? text, out ByteSize size)
    {
        size = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var (digits, multiplier) = text switch
        {
            _ when text.EndsWith("Ki", StringComparison.Ordinal) => (text[..^2], 1L << 10),
            _ when text.EndsWith("Mi", StringComparison.Ordinal) => (text[..^2], 1L << 20),
            _ when text.EndsWith("Gi", StringComparison.Ordinal) => (text[..^2], 1L << 30),
            _ => (text, 1L),
        };

        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        try
        {
            size = new ByteSize(checked(value * multiplier), text);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Parses a size the caller knows to be valid (tests, defaults); throws <see cref="FormatException"/> otherwise.</summary>
    public static ByteSize Parse(string text) => TryParse(text, out var size) ? size : throw new FormatException($"{TextRules.Quote(text)} is not a size");

    public override string ToString() => Text;
}
