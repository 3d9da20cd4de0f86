using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace EdgeAgent.Configuration;

/// <summary>
/// Keys agent.json has and the agent does not know (any key <see cref="AgentJsonContext"/> has no
/// property for; in a small section, any not in <see cref="SectionOptions.KeysBySection"/>), named in
/// one error: the top level first, then each section in the order of <see cref="AgentOptions"/>, each
/// listing its keys in the order earlier versions did.
/// </summary>
internal static class UnknownKeys
{
    public static void Refuse(JsonObject root, string file)
    {
        ArgumentNullException.ThrowIfNull(root);
        var top = AgentJsonContext.Default.AgentOptions;
        Refuse(root, top, "", file);
        foreach (var property in top.Properties)
        {
            if (AgentJsonContext.Default.GetTypeInfo(property.PropertyType) is { Kind: JsonTypeInfoKind.Object } section && root[property.Name] is JsonObject value)
            {
                Refuse(value, section, property.Name, file);
            }
        }
    }

    /// <summary>The order of configuration keys: numbers first, by value; then names, ignoring case.</summary>
    public static int CompareKeys(string x, string y)
    {
        var xIsNumber = int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var xNumber);
        var yIsNumber = int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var yNumber);
        return (xIsNumber, yIsNumber) switch
        {
            (true, true) => xNumber.CompareTo(yNumber),
            (true, false) => -1,
            (false, true) => 1,
            _ => string.Compare(x, y, StringComparison.OrdinalIgnoreCase),
        };
    }

    private static void Refuse(JsonObject section, JsonTypeInfo type, string name, string file)
    {
        // The small sections share one shape, so their own keys are listed beside it.
        var sectionKeys = SectionOptions.KeysBySection.GetValueOrDefault(name);
        var unknown = new List<string>();
        foreach (var key in section)
        {
            var known = sectionKeys is null
                ? type.Properties.Any(p => string.Equals(p.Name, key.Key, StringComparison.OrdinalIgnoreCase))
                : sectionKeys.Contains(key.Key, StringComparer.OrdinalIgnoreCase);
            if (!known)
            {
                unknown.Add(key.Key);
            }
        }

        if (unknown.Count > 0)
        {
            unknown.Sort(CompareKeys);
            var keys = string.Join(", ", unknown.Select(k => $"'{k}'"));
            throw new ConfigurationException($"{file}: unknown key(s) {keys}{(name.Length == 0 ? "" : " in " + name)}");
        }
    }
}
