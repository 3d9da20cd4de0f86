using static EdgeAgent.Core.Tests.Architecture.FolderGraph;

namespace EdgeAgent.Core.Tests.Architecture;

/// <summary>
/// The folders of the core and of the daemon must each depend on each other in one direction only (a
/// pipeline, not a web). Dependencies are read from the source (<see cref="FolderGraph"/>).
/// </summary>
public sealed class FolderCycleTests
{
    [Fact]
    public void Core_folders_form_no_import_cycle()
    {
        var graph = Of(ProjectDirectory("agent", "EdgeAgent.Core"), "EdgeAgent.Core");
        Assert.True(graph.Count >= 9, "expected the core's pipeline folders, found: " + string.Join(", ", graph.Keys));
        var inCycles = CycleEdges(graph).Order(StringComparer.Ordinal).ToList();
        Assert.True(inCycles.Count == 0, "import cycle(s) between core folders: " + string.Join(", ", inCycles));
    }

    [Fact]
    public void Daemon_folders_form_no_import_cycle()
    {
        var graph = Of(ProjectDirectory("agent", "EdgeAgent"), "EdgeAgent");
        Assert.True(graph.Count >= 12, "expected the daemon's folders, found: " + string.Join(", ", graph.Keys));
        Assert.Contains("Hosting", graph["Commands"]); // the reader sees the daemon's edges at all
        var inCycles = CycleEdges(graph).Order(StringComparer.Ordinal).ToList();
        Assert.True(inCycles.Count == 0, "import cycle(s) between daemon folders: " + string.Join(", ", inCycles));
    }

    [Fact]
    public void The_check_finds_a_cycle()
    {
        var graph = new Dictionary<string, HashSet<string>> { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"] };
        Assert.Equal(["A -> B", "B -> C", "C -> A"], CycleEdges(graph).Order(StringComparer.Ordinal));
    }
}
