using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeCtl.Compose;

/// <summary>Compose's durations ("1m30s", "10s", "500ms") and byte sizes ("512m", "1g", "64k", plain bytes).</summary>
internal static partial class ComposeUnits
{
    /// <summary>Whole seconds, rounded up (the manifest counts in seconds); null when it is not a duration.</summary>
    public static int? Seconds(string text)
    {
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || text.Trim().Length == 0)
        {
            return null;
        }

        double total = 0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = UnitPattern().Match(part.Value);
            var amount = double.Parse(unit.Groups[1].Value, CultureInfo.InvariantCulture);
            total += amount * unit.Groups[2].Value switch
            {
                "h" => 3600,
                "m" => 60,
                "s" => 1,
                "ms" => 0.001,
                "us" or "µs" => 1e-6,
                _ => 1e-9,
            };
        }

        return total > int.MaxValue ? null : (int)Math.Ceiling(total);
    }

    /// <summary>Bytes; null when it is not a size. Units are binary, as compose reads them (1k = 1024).</summary>
    public static long? Bytes(string text)
    {
        var match = SizePattern().Match(text.Trim().ToLowerInvariant());
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return null;
        }

        var shift = match.Groups[2].Value switch
        {
            "" or "b" => 0,
            "k" or "kb" => 10,
            "m" or "mb" => 20,
            "g" or "gb" => 30,
            _ => 40,
        };
        var bytes = amount * (1L << shift);
        return bytes is >= 0 and < long.MaxValue ? (long)bytes : null;
    }

    /// <summary>A size as the manifest writes it: the largest binary unit that divides it, else bytes.</summary>
    public static string ManifestSize(long bytes) => bytes switch
    {
        > 0 when bytes % (1L << 30) == 0 => $"{bytes >> 30}Gi",
        > 0 when bytes % (1L << 20) == 0 => $"{bytes >> 20}Mi",
        > 0 when bytes % (1L << 10) == 0 => $"{bytes >> 10}Ki",
        _ => bytes.ToString(CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<part>[0-9]+(\.[0-9]+)?(h|ms|m|s|us|µs|ns))+\z")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(h|ms|m|s|us|µs|ns)\z")]
    private static partial Regex UnitPattern();

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(b|kb?|mb?|gb?|tb?)?\z")]
    private static partial Regex SizePattern();
}
