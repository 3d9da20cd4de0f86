namespace EdgeCtl.Compose;

/// <summary>An env file as compose reads it: KEY=VALUE lines, # comments, one pair of surrounding quotes taken off.</summary>
internal static class EnvFile
{
    public static IEnumerable<KeyValuePair<string, string>> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r').Trim();
            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (trimmed.Length == 0 || trimmed.StartsWith('#') || equals <= 0)
            {
                continue;
            }

            var value = trimmed[(equals + 1)..];
            var quoted = value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0];
            yield return new(trimmed[..equals].Trim(), quoted ? value[1..^1] : value);
        }
    }
}
