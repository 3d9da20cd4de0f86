using YamlDotNet.RepresentationModel;

namespace EdgeCtl.Compose;

/// <summary>
/// Reads values out of the YAML representation model (no reflection: NativeAOT-clean), substituting
/// variables in every scalar as compose does, and collects refusals and warnings with their lines.
/// </summary>
internal sealed class ComposeReader(ComposeVariables variables)
{
    private readonly List<ComposeProblem> problems = [];

    public IReadOnlyList<ComposeProblem> Problems => problems;

    public bool Failed => problems.Any(p => !p.IsWarning);

    public static int Line(YamlNode node) => (int)node.Start.Line;

    public void Refuse(YamlNode node, string path, string message) => problems.Add(new ComposeProblem(Line(node), path, message, IsWarning: false));

    public void Warn(YamlNode node, string path, string message) => problems.Add(new ComposeProblem(Line(node), path, message, IsWarning: true));

    /// <summary>A scalar's text, variables substituted; null (and a refusal) when it is not a scalar or a substitution fails.</summary>
    public string? Text(YamlNode node, string path)
    {
        if (node is not YamlScalarNode scalar)
        {
            Refuse(node, path, "must be a single value");
            return null;
        }

        try
        {
            return variables.Substitute(scalar.Value ?? "");
        }
        catch (FormatException ex)
        {
            Refuse(node, path, ex.Message);
            return null;
        }
    }

    /// <summary>A YAML null (`~`, empty): compose's "no value".</summary>
    public static bool IsNull(YamlNode node) => node is YamlScalarNode { Value: null or "" or "~" or "null", Style: YamlDotNet.Core.ScalarStyle.Plain };

    public bool? Flag(YamlNode node, string path)
    {
        var text = Text(node, path);
        switch (text?.ToLowerInvariant())
        {
            case null:
                return null;
            case "true" or "yes" or "on":
                return true;
            case "false" or "no" or "off":
                return false;
            default:
                Refuse(node, path, $"'{text}' is not true or false");
                return null;
        }
    }

    public YamlMappingNode? Map(YamlNode node, string path)
    {
        if (node is YamlMappingNode map)
        {
            return map;
        }

        Refuse(node, path, "must be a mapping (key: value lines)");
        return null;
    }

    public YamlSequenceNode? Sequence(YamlNode node, string path)
    {
        if (node is YamlSequenceNode sequence)
        {
            return sequence;
        }

        Refuse(node, path, "must be a list");
        return null;
    }

    /// <summary>A long-form entry's field (`target:`, `source:`), or null when absent.</summary>
    public string? Field(YamlMappingNode map, string key, string path) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? Text(value, $"{path}.{key}") : null;

    /// <summary>A list of values, or a single value as a list of one.</summary>
    public List<(YamlNode Node, string Text)> List(YamlNode node, string path)
    {
        var items = node is YamlSequenceNode sequence ? sequence.Children.ToList() : [node];
        var result = new List<(YamlNode, string)>();
        for (var i = 0; i < items.Count; i++)
        {
            if (Text(items[i], node is YamlSequenceNode ? $"{path}[{i}]" : path) is { } text)
            {
                result.Add((items[i], text));
            }
        }

        return result;
    }

    /// <summary>
    /// A mapping's entries by key text, in file order, with YAML merge keys (`&lt;&lt;: *anchor`) expanded
    /// as compose does: the mapping's own keys win over merged ones, earlier merged mappings over later.
    /// </summary>
    public static IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(YamlMappingNode map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var own = map.Children.Where(c => !IsMerge(c.Key)).Select(c => ((c.Key as YamlScalarNode)?.Value ?? "", c.Key, c.Value)).ToList();
        var seen = own.Select(e => e.Item1).ToHashSet(StringComparer.Ordinal);
        foreach (var merge in map.Children.Where(c => IsMerge(c.Key)).Select(c => c.Value))
        {
            var sources = merge is YamlSequenceNode list ? list.Children.OfType<YamlMappingNode>() : merge is YamlMappingNode single ? [single] : [];
            foreach (var source in sources)
            {
                foreach (var entry in Entries(source).Where(e => seen.Add(e.Key)))
                {
                    own.Add(entry);
                }
            }
        }

        return own;
    }

    private static bool IsMerge(YamlNode key) => key is YamlScalarNode { Value: "<<", Style: YamlDotNet.Core.ScalarStyle.Plain };
}
