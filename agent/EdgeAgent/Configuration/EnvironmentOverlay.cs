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
        // Each override is its key's levels and then its value. In key order, so that list items
        // given by index (groups__5, groups__3) land in index order.
        var overrides = new List<string[]>();
        foreach (var (name, value) in variables)
        {
            if (name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && name.Length > Prefix.Length)
            {
                overrides.Add([.. name[Prefix.Length..].Split(["__", ":"], StringSplitOptions.None), value]);
            }
        }

        overrides.Sort(ComparePaths);
        foreach (var levelsAndValue in overrides)
        {
            var path = levelsAndValue.AsSpan(0, levelsAndValue.Length - 1);
            if (path[0].Equals("registries", StringComparison.OrdinalIgnoreCase))
            {
                throw new ConfigurationException($"{file}: unknown key(s) '{path[0]}'");
            }

            Set(root, path, levelsAndValue[^1]);
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
        for (var i = 0; i < Math.Min(x.Length, y.Length) - 1; i++)
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
