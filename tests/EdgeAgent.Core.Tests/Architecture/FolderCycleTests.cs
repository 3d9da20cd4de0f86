using System.Text.RegularExpressions;

namespace EdgeAgent.Core.Tests.Architecture;

/// <summary>
/// The core's folders must depend on each other in one direction only (a pipeline, not a web).
/// Dependencies are read from the source: `using EdgeAgent.Core.X`, fully qualified names, and
/// relative names (`Ovs.DesiredOvs`) of types that folder X declares.
/// </summary>
public sealed partial class FolderCycleTests
{
    [Fact]
    public void Core_folders_form_no_import_cycle()
    {
        var graph = Graph(CoreDirectory());
        Assert.True(graph.Count >= 9, "expected the core's pipeline folders, found: " + string.Join(", ", graph.Keys));
        var inCycles = CycleEdges(graph).Order(StringComparer.Ordinal).ToList();
        Assert.True(inCycles.Count == 0, "import cycle(s) between core folders: " + string.Join(", ", inCycles));
    }

    [Fact]
    public void The_check_finds_a_cycle()
    {
        var graph = new Dictionary<string, HashSet<string>> { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"] };
        Assert.Equal(["A -> B", "B -> C", "C -> A"], CycleEdges(graph).Order(StringComparer.Ordinal));
    }

    private static string CoreDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeAgent.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "agent", "EdgeAgent.Core");
    }

    private static Dictionary<string, HashSet<string>> Graph(string core)
    {
        var folders = Directory.GetDirectories(core).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).Select(f => f!).ToList();
        var sources = folders.ToDictionary(f => f, f => Directory.GetFiles(Path.Combine(core, f), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText).ToList());
        var types = folders.ToDictionary(f => f, f => sources[f].SelectMany(s => TypeDeclaration().Matches(s).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal));
        var graph = folders.ToDictionary(f => f, _ => new HashSet<string>(StringComparer.Ordinal));
        foreach (var folder in folders)
        {
            foreach (var source in sources[folder])
            {
                foreach (Match m in QualifiedName().Matches(source))
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
    private static HashSet<string> CycleEdges(Dictionary<string, HashSet<string>> graph)
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

    [GeneratedRegex(@"EdgeAgent\.Core\.([A-Z]\w*)")]
    private static partial Regex QualifiedName();
}
