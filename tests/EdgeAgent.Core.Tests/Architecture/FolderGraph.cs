using System.Text.RegularExpressions;

namespace EdgeAgent.Core.Tests.Architecture;

/// <summary>
/// Which folders of a project use which, read from the source: `using Root.X`, fully qualified names,
/// and relative names (`Ovs.DesiredOvs`) of types that folder X declares.
/// </summary>
internal static partial class FolderGraph
{
    public static string ProjectDirectory(params string[] relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeAgent.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir?.FullName ?? throw new InvalidOperationException("repository root not found"), .. relative]);
    }

    /// <summary>Folder -> the folders it uses, for a project whose folders are namespaces under <paramref name="rootNamespace"/>.</summary>
    public static Dictionary<string, HashSet<string>> Of(string project, string rootNamespace)
    {
        var folders = Directory.GetDirectories(project).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).Select(f => f!).ToList();
        var sources = folders.ToDictionary(f => f, f => Directory.GetFiles(Path.Combine(project, f), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText).ToList());
        var types = folders.ToDictionary(f => f, f => sources[f].SelectMany(s => TypeDeclaration().Matches(s).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal));
        var qualifiedName = new Regex(Regex.Escape(rootNamespace) + @"\.([A-Z]\w*)");
        var graph = folders.ToDictionary(f => f, _ => new HashSet<string>(StringComparer.Ordinal));
        foreach (var folder in folders)
        {
            foreach (var source in sources[folder])
            {
                foreach (Match m in qualifiedName.Matches(source))
                {
                    graph[folder].Add(m.Groups[1].Value);
                }

                foreach (var other in folders.Where(o => o != folder))
                {
                    foreach (Match m in Regex.Matches(source, $@"(?<![\w.]){other}\.([A-Z]\w*)"))
                    {
                        if (types[other].Contains(m.Groups[1].Value))
                        {
                            graph[folder].Add(other);
                        }
                    }
                }
            }

            graph[folder].Remove(folder);
            graph[folder].IntersectWith(folders);
        }

        return graph;
    }

    /// <summary>Every edge A -> B such that B also reaches A.</summary>
    public static HashSet<string> CycleEdges(Dictionary<string, HashSet<string>> graph)
    {
        bool Reaches(string from, string to)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>([from]);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (node == to)
                {
                    return true;
                }

                foreach (var next in graph.GetValueOrDefault(node) ?? [])
                {
                    if (seen.Add(next))
                    {
                        stack.Push(next);
                    }
                }
            }

            return false;
        }

        return [.. graph.SelectMany(n => n.Value.Where(to => Reaches(to, n.Key)).Select(to => $"{n.Key} -> {to}"))];
    }

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+([A-Z]\w*)")]
    private static partial Regex TypeDeclaration();
}
