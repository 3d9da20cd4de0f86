using System.Globalization;

namespace EdgeAgent.Core.Manifests;

/// <summary>Parses sizes written as bytes ("1048576") or with a binary suffix ("512Ki", "256Mi", "1Gi").</summary>
public static class ByteSize
{
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
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
            bytes = checked(value * multiplier);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
