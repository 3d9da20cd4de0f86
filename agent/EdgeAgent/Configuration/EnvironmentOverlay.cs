using System.Globalization;
using System.Text.Json.Nodes;

namespace EdgeAgent.Configuration;

/// <summary>
/// Hand-written: lays the EDGEAGENT__ environment variables over agent.json (README "Configuration"),
/// `__` (or ':') between levels and keys matched in any case, as the configuration binder of earlier
/// versions did: `EDGEAGENT__deviceId=pi-07`, `EDGEAGENT__policy__requireDigest=false`, a list item
/// `EDGEAGENT__groups__0=greenhouse` (replacing item 0, or added after the file's items). Every value
/// is a string; the converters read it as the key's type. `registries` comes from agent.json only.
/// </summary>
internal static class EnvironmentOverlay
{
    public const string Prefix = "EDGEAGENT__";

    public static void Apply(JsonObject root, IEnumerable<KeyValuePair<string, string>> variables, string file)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(variables);
        // In key order, so that list items given by index (groups__5, groups__3) land in index order.
        var overrides = variables
            .Where(v => v.Key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && v.Key.Length > Prefix.Length)
            .Select(v => (Path: v.Key[Prefix.Length..].Split(["__", ":"], StringSplitOptions.None), v.Value))
            .Order(Comparer<(string[] Path, string Value)>.Create((x, y) => ComparePaths(x.Path, y.Path)));
        foreach (var (path, value) in overrides)
        {
            if (path[0].Equals("registries", StringComparison.OrdinalIgnoreCase))
            {
                throw new ConfigurationException($"{file}: unknown key(s) '{path[0]}'");
            }

            Set(root, path, value);
        }
    }

    private static void Set(JsonNode node, ReadOnlySpan<string> path, string value)
    {
        var key = path[0];
        if (node is JsonArray list)
        {
            node = ListItem(list, key, path.Length == 1 ? JsonValue.Create(value) : null);
            if (path.Length > 1)
            {
                Set(node, path[1..], value);
            }

            return;
        }

        var parent = (JsonObject)node;
        if (path.Length == 1)
        {
            parent[key] = JsonValue.Create(value);
            return;
        }

        if (parent[key] is not (JsonObject or JsonArray))
        {
            parent[key] = IsIndex(path[1]) ? new JsonArray() : new JsonObject(new JsonNodeOptions { PropertyNameCaseInsensitive = true });
        }

        Set(parent[key]!, path[1..], value);
    }

    /// <summary>The item of <paramref name="list"/> at <paramref name="key"/> (its index, or any name, added after the items), set to <paramref name="value"/> when given.</summary>
    private static JsonNode ListItem(JsonArray list, string key, JsonNode? value)
    {
        if (IsIndex(key) && int.Parse(key, CultureInfo.InvariantCulture) is var index && index < list.Count)
        {
            if (value is not null)
            {
                list[index] = value;
            }

            return list[index] ??= new JsonObject(new JsonNodeOptions { PropertyNameCaseInsensitive = true });
        }

        var item = value ?? new JsonObject(new JsonNodeOptions { PropertyNameCaseInsensitive = true });
        list.Add(item);
        return item;
    }

    private static int ComparePaths(string[] x, string[] y)
    {
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            if (UnknownKeys.CompareKeys(x[i], y[i]) is var order and not 0)
            {
                return order;
            }
        }

        return x.Length.CompareTo(y.Length);
    }

    private static bool IsIndex(string key) => key.Length is > 0 and < 10 && key.All(char.IsAsciiDigit);
}
