using System.Diagnostics;
using System.Text.Json;
using EdgeAgent.IntegrationTests.Agent;
using EdgeAgent.IntegrationTests.Mqtt;
using EdgeAgent.Shared;

namespace EdgeAgent.IntegrationTests.State;

/// <summary>
/// The state-file corpus (tests/corpus/state-files, with expected.tsv): every state document of the
/// agent's own, replaced by a FIFO, a directory, a symbolic link, an oversized file, an empty file or
/// damaged JSON of every kind, on a device running a stack. `apply --once` exits 0 without a stack
/// trace, says the document was set aside (renamed, kept), and leaves the containers as they were; the
/// daemon does the same, reports a state-set-aside event naming each, and keeps reconciling (a
/// container removed by hand comes back). agent/release.json is read by the daemon only (self-update).
/// </summary>
[Collection(DockerTests.Name)]
public sealed class StateFileCorpusTests(DockerHost docker, MosquittoBroker broker) : EngineTest(docker), IClassFixture<MosquittoBroker>
{
    /// <summary>Read by `run` only: the self-updater's state, at start (its store is stateDir/agent: it names the document release.json).</summary>
    private const string DaemonOnly = "agent/release.json";

    private const long OversizedBytes = (64L << 20) + 1;
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "corpus", "state-files");
    private static readonly string[] Kinds = ["fifo", "directory", "symlink", "oversized", "empty"];
    [Fact]
    public async Task Every_damaged_state_document_is_set_aside_on_apply_and_nothing_else_changes()
    {
        var (manifest, config) = await DeployedAsync();
        var containers = await Engine.SnapshotAsync();
        var wrong = new List<string>();
        var cases = Cases().Where(c => c.Document != DaemonOnly).ToList();
        foreach (var (document, damage, outcome) in cases)
        {
            Damage(document, damage);
            var (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", manifest, "--once", "--allow-unsigned", "--config", config]);
            var output = stdout + stderr;
            var problems = new List<string>();
            if (exit != 0)
            {
                problems.Add($"exit {exit}");
            }

            if (output.Contains("   at ", StringComparison.Ordinal) || output.Contains("Exception", StringComparison.Ordinal))
            {
                problems.Add("a stack trace");
            }

            var said = output.Contains($"state document {document} cannot be used (", StringComparison.Ordinal) && output.Contains($"set aside as {document}.unreadable-", StringComparison.Ordinal);
            var kept = SetAside(document);
            if (outcome == "set-aside" && (!said || kept.Length != 1))
            {
                problems.Add($"not set aside (said: {said}, kept: {kept.Length})");
            }

            if (outcome == "absent" && (said || kept.Length != 0))
            {
                problems.Add("set aside, but it should read as absent");
            }

            if (RegularFile.NotRegular(Path.Combine(Temp.File("state"), document)) is { } what)
            {
                problems.Add($"the document is still {what}");
            }

            if (await Engine.SnapshotAsync() != containers)
            {
                problems.Add("the containers changed");
            }

            if (problems.Count > 0)
            {
                wrong.Add($"{document} {damage}: {string.Join(", ", problems)}\n    {output.ReplaceLineEndings("\n    ")}");
            }

            Clean(document);
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cases.Count} damaged state documents misbehaved:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public async Task The_daemon_sets_damaged_documents_aside_reports_each_and_keeps_reconciling()
    {
        await broker.StartAsync();
        var (_, config) = await DeployedAsync(broker: $$"""
            { "url": "mqtts://localhost:{{broker.Port}}", "caFile": "{{broker.CaFile}}", "certFile": "{{broker.CertFile("pi-01")}}", "keyFile": "{{broker.KeyFile("pi-01")}}" }
            """);
        await using var monitor = await MqttTestClient.ConnectAsync(broker, broker.CertFile("edge-monitor"), broker.KeyFile("edge-monitor"), "edge-monitor");
        await monitor.SubscribeAsync("edge/v1/devices/pi-01/events");
        foreach (var damage in Cases().Select(c => c.Damage).Distinct().Where(d => d != "empty"))
        {
            var rows = Cases().Where(c => c.Damage == damage).ToList();
            var setAside = rows.Where(c => c.Outcome == "set-aside").Select(c => c.Document).ToList();
            rows.ForEach(c => Damage(c.Document, damage));
            var eventsBefore = monitor.Received.Count;

            using var agent = AgentProcess.Start(["run", "--config", config]);
            await DockerHost.EventuallyAsync(
                () => Task.FromResult(setAside.All(d => agent.Stdout.Contains($"set aside as {Path.GetFileName(d)}.unreadable-", StringComparison.Ordinal))),
                TimeSpan.FromSeconds(60),
                $"the daemon sets aside every document damaged as {damage}");
            await DockerHost.EventuallyAsync(
                () => Task.FromResult(setAside.All(d => SetAsideEvents(monitor, eventsBefore).Count(m => m.StartsWith($"state document {Path.GetFileName(d)} cannot be used (", StringComparison.Ordinal)) == 1)),
                TimeSpan.FromSeconds(60),
                $"one state-set-aside event for each document damaged as {damage}: {string.Join(" | ", SetAsideEvents(monitor, eventsBefore))}");
            await Engine.Client.Containers.RemoveContainerAsync("itest-worker", new global::Docker.DotNet.Models.ContainerRemoveParameters { Force = true });
            await DockerHost.EventuallyAsync(
                async () => (await Engine.Client.Containers.ListContainersAsync(new() { All = true })).Any(c => c.Names.Contains("/itest-worker") && c.State == "running"),
                TimeSpan.FromSeconds(60),
                $"the daemon keeps reconciling after setting aside documents damaged as {damage}");
            Assert.Equal(0, await agent.TerminateAsync(TimeSpan.FromSeconds(15)));
            Assert.DoesNotContain("Pass failed unexpectedly", agent.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", agent.Stdout + agent.Stderr, StringComparison.Ordinal);
            Assert.All(rows, c => Assert.Equal(c.Outcome == "set-aside" ? 1 : 0, SetAside(c.Document).Length));
            Assert.Equal(setAside.Count, SetAsideEvents(monitor, eventsBefore).Count);
            rows.ForEach(c => Clean(c.Document));
        }
    }

    /// <summary>The messages of the state-set-aside events received since <paramref name="from"/>.</summary>
    private static List<string> SetAsideEvents(MqttTestClient monitor, int from) =>
        [.. monitor.Received.Skip(from)
            .Select(m => JsonDocument.Parse(m.Payload).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "state-set-aside")
            .Select(e => e.GetProperty("message").GetString() ?? "")];

    /// <summary>The rows of expected.tsv, checked to name every damage file of the corpus and every kind.</summary>
    private static List<(string Document, string Damage, string Outcome)> Cases()
    {
        var cases = CorpusTable.Read(Corpus, columns: 3).Select(c => (c[0], c[1], c[2])).ToList();
        var damages = Directory.EnumerateFiles(Corpus, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Concat(Kinds).Order(StringComparer.Ordinal).ToList();
        foreach (var document in cases.Select(c => c.Item1).Distinct())
        {
            Assert.Equal(damages, cases.Where(c => c.Item1 == document).Select(c => c.Item2).Order(StringComparer.Ordinal));
        }

        Assert.True(cases.Count >= 3 * damages.Count, $"{cases.Count} cases");
        return cases;
    }

    private async Task<(string Manifest, string Config)> DeployedAsync(string? broker = null)
    {
        var manifest = Temp.Write("manifest.json", Manifests.Stack());
        var config = Temp.AgentConfig(manifestFile: manifest, resyncSeconds: 3600, allowUnsigned: true, broker: broker);
        var (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", manifest, "--once", "--allow-unsigned", "--config", config]);
        Assert.True(exit == 0, stdout + stderr);
        return (manifest, config);
    }

    private void Damage(string document, string damage)
    {
        var path = Path.Combine(Temp.File("state"), document);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!); // agent/ for the self-updater's document
        if (Directory.Exists(path) && !File.GetAttributes(path).HasFlag(FileAttributes.ReparsePoint))
        {
            Directory.Delete(path, recursive: true); // an earlier row's damage left in place (a failure already reported)
        }

        File.Delete(path);
        switch (damage)
        {
            case "fifo":
                Process.Start("mkfifo", [path]).WaitForExit();
                break;
            case "directory":
                Directory.CreateDirectory(Path.Combine(path, "inside"));
                break;
            case "symlink":
                // A link to a document that would parse: refused all the same (the agent writes only regular files).
                File.CreateSymbolicLink(path, Temp.Write("elsewhere-" + Path.GetFileName(document), document == "images.json" ? "[]" : "{}"));
                break;
            case "oversized":
                using (var file = File.Create(path))
                {
                    file.SetLength(OversizedBytes); // sparse: costs no disk
                }

                break;
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            default:
                File.Copy(Path.Combine(Corpus, damage + ".json"), path);
                break;
        }
    }

    private string[] SetAside(string document) =>
        Directory.GetFileSystemEntries(Path.Combine(Temp.File("state"), Path.GetDirectoryName(document) ?? ""), Path.GetFileName(document) + ".unreadable-*");

    private void Clean(string document)
    {
        foreach (var kept in SetAside(document))
        {
            if (Directory.Exists(kept) && !new FileInfo(kept).Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                Directory.Delete(kept, recursive: true);
            }
            else
            {
                File.Delete(kept);
            }
        }
    }
}
