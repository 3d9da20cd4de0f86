using System.Globalization;

namespace EdgeCtl;

/// <summary>Parses "365d", "12h", "30m", "90s".</summary>
internal static class Durations
{
    public static TimeSpan Parse(string text, string option)
    {
        if (text.Length >= 2 && text[..^1].All(char.IsAsciiDigit) && long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            switch (text[^1])
            {
                case 'd': return TimeSpan.FromDays(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 's': return TimeSpan.FromSeconds(n);
            }
        }

        throw CliException.Usage($"{option}: \"{text}\" is not a duration such as 365d, 12h, 30m or 90s");
    }
}
