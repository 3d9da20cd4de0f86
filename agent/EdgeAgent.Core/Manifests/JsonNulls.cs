using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EdgeAgent.Core.Manifests;

/// <summary>
/// Where a manifest holds a JSON null inside a list or as a value of a map keyed by names (apps, env,
/// networks, bridges...), as a path ("$.spec.apps.web.ports[0]"). The deserializer lets such a null
/// into the collection (found by fuzzing: `"ports": [null]`), so the parser refuses it first, naming
/// the field. A null optional property (`"healthcheck": null`) stays what it always was: absent.
/// </summary>
public static class JsonNulls
{
    /// <summary>The manifest's maps keyed by names: a null value in one would be a null entry.</summary>
    private static readonly HashSet<string> Maps = ["apps", "networks", "env", "extraHosts", "bridges", "ports", "otherConfig"];

    public static string? FirstNull(ReadOnlySpan<byte> utf8Json, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(utf8Json, options);
        var frames = new List<Frame>(); // the open containers, each with the position of its current child
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        frames[^1].Property = reader.GetString();
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    default:
                        if (frames.Count > 0 && frames[^1].IsArray)
                        {
                            frames[^1].Count++;
                        }

                        if (reader.TokenType == JsonTokenType.Null && frames.Count > 0
                            && (frames[^1].IsArray || (frames.Count > 1 && !frames[^2].IsArray && Maps.Contains(frames[^2].Property ?? ""))))
                        {
                            return Describe(frames);
                        }

                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            frames.Add(new Frame { IsArray = reader.TokenType == JsonTokenType.StartArray });
                        }

                        break;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null; // malformed JSON or invalid UTF-8: the deserializer reports it with its own message
        }

        return null;
    }

    private static string Describe(List<Frame> frames)
    {
        var path = new StringBuilder("$");
        foreach (var frame in frames)
        {
            path.Append(frame.IsArray ? $"[{(frame.Count - 1).ToString(CultureInfo.InvariantCulture)}]" : "." + frame.Property);
        }

        return path.ToString();
    }

    private sealed class Frame
    {
        public bool IsArray { get; init; }
        public string? Property { get; set; }
        public int Count { get; set; }
    }
}
