namespace EdgeAgent.Core.Manifests;

/// <summary>Cycle detection over app dependsOn edges (edges to unknown apps are ignored here).</summary>
public static class DependencyGraph
{
    /// <summary>Returns one cycle as a path that starts and ends with the same app, or null.</summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyDictionary<string, IReadOnlyList<string>> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the stack, true: done
        var stack = new List<string>();

        IReadOnlyList<string>? Visit(string node)
        {
            if (state.TryGetValue(node, out var done))
            {
                return done ? null : [.. stack.Skip(stack.IndexOf(node)), node];
            }

            state[node] = false;
            stack.Add(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (edges.ContainsKey(next) && Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[node] = true;
            return null;
        }

        foreach (var node in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(node) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }
}
