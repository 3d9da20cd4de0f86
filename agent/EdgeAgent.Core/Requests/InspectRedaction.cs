using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeAgent.Core.Requests;

/// <summary>
/// The Docker engine's inspect document of a container, made fit to leave the device in a support
/// bundle: every environment value redacted (apps carry passwords and tokens there; the names stay,
/// so a missing or misspelt variable still shows), the labels given, e.g. a hash computed over
/// those values, which would let a guess be confirmed, and secrets in the command line (Cmd,
/// Entrypoint, Args, the healthcheck's Test) and other labels as <see cref="ArgumentRedaction"/> finds them.
/// </summary>
public static class InspectRedaction
{
    public const string Redacted = "<redacted>";

    // Read by people, not embedded in a page: "<redacted>" and "+" stay as they are.
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The document indented and redacted; throws <see cref="JsonException"/> when it is not a JSON object.</summary>
    public static string Redact(ReadOnlySpan<byte> inspectJson, IReadOnlyCollection<string> redactedLabels)
    {
        if (JsonNode.Parse(inspectJson) is not JsonObject root)
        {
            throw new JsonException("the engine's inspect document is not a JSON object");
        }

        if (root["Config"] is JsonObject config)
        {
            if (config["Env"] is JsonArray env)
            {
                for (var i = 0; i < env.Count; i++)
                {
                    env[i] = env[i] is JsonValue value && value.TryGetValue<string>(out var variable) ? RedactValue(variable) : Redacted;
                }
            }

            // One command line: a flag ending the Entrypoint ("--db-password") has its value in the Cmd.
            RedactArguments(config["Entrypoint"], config["Cmd"]);
            RedactArguments((config["Healthcheck"] as JsonObject)?["Test"]);
            if (config["Labels"] is JsonObject labels)
            {
                foreach (var (name, value) in labels.ToList())
                {
                    if (redactedLabels.Contains(name))
                    {
                        labels[name] = Redacted;
                    }
                    else if (value is JsonValue text && text.TryGetValue<string>(out var label) && ArgumentRedaction.RedactLabel(name, label) is var redacted && redacted != label)
                    {
                        labels[name] = redacted;
                    }
                }
            }
        }

        RedactArguments(root["Args"]);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            root.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// JSON arrays of arguments (Entrypoint then Cmd, Args, a healthcheck's Test) redacted in place by
    /// <see cref="ArgumentRedaction"/> as one command line, in the order given.
    /// </summary>
    private static void RedactArguments(params JsonNode?[] nodes)
    {
        var arrays = nodes.OfType<JsonArray>().ToList();
        var texts = arrays.SelectMany(array => array.Select(a => a is JsonValue value && value.TryGetValue<string>(out var text) ? text : "")).ToList();
        var redacted = ArgumentRedaction.RedactArguments(texts);
        var at = 0;
        foreach (var arguments in arrays)
        {
            for (var i = 0; i < arguments.Count; i++, at++)
            {
                if (redacted[at] != texts[at])
                {
                    arguments[i] = redacted[at];
                }
            }
        }
    }

    /// <summary>"NAME=value" becomes "NAME=&lt;redacted&gt;"; a bare "NAME" (no value) stays.</summary>
    public static string RedactValue(string variable)
    {
        var equals = variable.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? variable : variable[..(equals + 1)] + Redacted;
    }
}
