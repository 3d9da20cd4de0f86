using System.Net;

namespace EdgeAgent.Core.Manifests;

/// <summary>
/// Rules for strings that become names, paths, references or addresses on the host: no control
/// characters anywhere (a trailing newline passed .NET's '$' and reached Docker as part of a name).
/// </summary>
public static class TextRules
{
    /// <summary>True when <paramref name="value"/> holds a C0/C1 control character or DEL.</summary>
    public static bool HasControl(string value) => value.AsSpan().ContainsAnyInRange('\0', '\x1f') || value.AsSpan().ContainsAnyInRange('\x7f', '\x9f');

    /// <summary>An IP address written plainly: no spaces, control characters or zone id tricks around it.</summary>
    public static bool TryParseIp(string? value, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrEmpty(value) || value.Length > 64 || HasControl(value) || value.Any(char.IsWhiteSpace))
        {
            return false;
        }

        if (!IPAddress.TryParse(value, out var parsed))
        {
            return false;
        }

        address = parsed;
        return true;
    }

    /// <summary>Arguments may hold newlines (scripts), but the kernel cannot pass a NUL.</summary>
    public static void RefuseNul(IReadOnlyList<string> values, string path, Action<string, string> error)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Contains('\0', StringComparison.Ordinal))
            {
                error($"{path}[{i}]", "must not contain a NUL character");
            }
        }
    }

    public static void RefuseControl(IReadOnlyDictionary<string, string> values, string path, Action<string, string> error)
    {
        foreach (var (key, value) in values)
        {
            if (key.Length == 0 || HasControl(key) || HasControl(value))
            {
                error($"{path}.{(HasControl(key) ? Quote(key) : key)}", "keys must not be empty, and keys and values must not contain control characters");
            }
        }
    }

    /// <summary>A value quoted for an error message, with control characters made visible.</summary>
    public static string Quote(string value)
    {
        var shown = value.Length > 80 ? value[..80] + "…" : value;
        var builder = new System.Text.StringBuilder("\"");
        foreach (var c in shown)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '"' => "\\\"",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
