using System.Text.Json;

namespace EdgeAgent.Core.Manifests;

/// <summary>Readable messages from System.Text.Json errors, with the JSON path reported separately.</summary>
public static class JsonErrors
{
    /// <summary>The message without the "Path: ... | LineNumber: ..." tail that System.Text.Json appends.</summary>
    public static string Describe(JsonException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        return ex.LineNumber is { } line ? $"{message} (line {line + 1})" : message;
    }

    /// <summary>"$.path: message", for errors that carry no separate path field.</summary>
    public static string WithPath(JsonException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return $"{ex.Path ?? "$"}: {Describe(ex)}";
    }
}
