using System.Globalization;
using EdgeAgent.Core.Planning;
using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests.Docker;

/// <summary>
/// Atomic updates with an app crash-looping under `restartPolicy: always`, on the real engine through
/// `edge-agent apply --once` (the second hostile run): Docker cannot rename a container it is
/// restarting, and an app whose update stalled must not let the other apps' previous versions go.
/// All or nothing: the device ends on one published version of the whole manifest, never a mix.
/// The timings are Docker's own, never a sleep: a container that exits at once is, after a few
/// restarts, held by Docker's restart backoff for far longer than any retry of a rename; an image
/// that cannot be pulled stalls an app's update for as long as the test likes.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class AtomicCrashLoopTests(DockerHost docker) : EngineTest(docker)
{
    private const string A = "itest-atom-a", B = "itest-atom-b";
    private const string Sleeps = """["sleep", "3600"]""", Crashes = """["sh", "-c", "sleep 0.3; exit 3"]""", ExitsAtOnce = """["sh", "-c", "exit 3"]""";

    /// <summary>
    /// Docker doubles its restart delay from 100 ms on each restart of a container that ran under 10 s:
    /// after this many restarts it waits 25.6 s before the next, several times what an agent spends
    /// retrying one step (1 + 2 + 4 s), so a rename issued then meets the container restarting.
    /// </summary>
    private const int LongBackoffRestarts = 9;

    /// <summary>An image no registry serves: its pull fails (loopback port 1 refuses), so the app's update cannot begin.</summary>
    private const string Unpullable = "127.0.0.1:1/edgeagent/never-pushed:1";

    private sealed record App(string Command, int ProbationSeconds = 4, string Strategy = "stop-first", string Image = DockerHost.Image);

    private string Manifest(long version, App a, App b) => Temp.Write($"v{version}.json", $$"""
        { "apiVersion": "edge/v1", "kind": "Manifest",
          "metadata": { "name": "atom", "version": {{version}}, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z", "target": { "devices": ["pi-01"] } },
          "spec": { "update": { "mode": "atomic" }, "apps": { {{AppJson(A, a, version)}}, {{AppJson(B, b, version)}} } } }
        """);

    private static string AppJson(string name, App app, long version) => $$"""
        "{{name}}": { "image": "{{app.Image}}", "init": true, "stopGracePeriodSeconds": 1, "restartPolicy": "always",
          "command": {{app.Command}}, "env": { "RELEASE": "{{version}}" },
          "update": { "strategy": "{{app.Strategy}}", "probationSeconds": {{app.ProbationSeconds}} } }
        """;

    private string Manifest(long version, string commandA, string commandB) => Manifest(version, new App(commandA), new App(commandB));

    private async Task<string> Apply(string manifest, int expectedExit)
    {
        var (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", manifest, "--once", "--allow-unsigned", "--config", Temp.AgentConfig()]);
        var output = stdout + stderr;
        Assert.True(exit == expectedExit, $"exit {exit}, expected {expectedExit}:\n{output}");
        Assert.DoesNotContain("sandbox", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        return output;
    }

    /// <summary>The managed containers as name -> id, checked to be <paramref name="names"/> (default: the two apps under their own names).</summary>
    private async Task<Dictionary<string, string>> Deployed(params string[] names)
    {
        var containers = await Engine.ManagedContainersAsync();
        Assert.Equal(names.Length > 0 ? names.Order(StringComparer.Ordinal) : [A, B], containers.Select(c => c.Names[0].TrimStart('/')).Order(StringComparer.Ordinal));
        return containers.ToDictionary(c => c.Names[0].TrimStart('/'), c => c.ID, StringComparer.Ordinal);
    }

    private async Task AssertRunsRelease(string app, int release)
    {
        var inspect = await Engine.InspectAsync(app);
        Assert.Contains($"RELEASE={release}", inspect.Config.Env);
        Assert.True(inspect.State.Running && !inspect.State.Restarting, $"{app} runs ({inspect.State.Status})");
    }

    [Fact]
    public async Task Containers_Docker_is_restarting_are_stopped_then_renamed_and_replaced_in_one_pass()
    {
        // Stop-first and start-first: neither may rename a container Docker is restarting.
        await Apply(Manifest(1, new App(ExitsAtOnce), new App(ExitsAtOnce, Strategy: "start-first")), expectedExit: 0);
        var v1 = await Deployed();

        // Docker's own state, not a sleep: both are in a restart backoff of 25.6 s from here on.
        await DockerHost.EventuallyAsync(
            async () => await InBackoffAsync(A) && await InBackoffAsync(B),
            TimeSpan.FromSeconds(120),
            $"{A} and {B} restarting after {LongBackoffRestarts} restarts");

        var output = await Apply(Manifest(2, new App(Sleeps), new App(Sleeps, Strategy: "start-first")), expectedExit: 0);

        // One pass replaces both (each stopped, renamed aside, its new version created and started),
        // the next finds nothing to do; no step failed or was retried into a later pass.
        Assert.DoesNotContain("FAILED", output, StringComparison.Ordinal);
        Assert.Contains("pass 1: ", output, StringComparison.Ordinal);
        foreach (var app in new[] { A, B })
        {
            Assert.Contains($"ok      stop {app} ({v1[app][..12]})", output, StringComparison.Ordinal);
            Assert.Single(output.Split('\n'), l => l.Contains($"rename {app} ({v1[app][..12]}) to {PreviousVersion.NameOf(app)}", StringComparison.Ordinal));
        }

        Assert.Contains($"on probation: {A}, {B}", output, StringComparison.Ordinal);
        var v2 = await Deployed();
        foreach (var app in new[] { A, B })
        {
            Assert.DoesNotContain(v2[app], v1.Values);
            await AssertRunsRelease(app, 2);
            Assert.Equal(0, (await Engine.InspectAsync(app)).RestartCount);
        }
    }

    private async Task<bool> InBackoffAsync(string app)
    {
        var inspect = await Engine.InspectAsync(app);
        return inspect.State.Restarting && inspect.RestartCount >= LongBackoffRestarts;
    }

    [Fact]
    public async Task An_app_whose_update_stalls_holds_its_atomic_unit_and_a_later_failure_returns_the_whole_device_to_one_version()
    {
        // A's probation is short, B's update cannot even begin (its new image cannot be pulled).
        await Apply(Manifest(1, new App(Sleeps, ProbationSeconds: 1), new App(Sleeps)), expectedExit: 0);
        var v1 = await Deployed();

        var stalled = Manifest(2, new App(Sleeps, ProbationSeconds: 1), new App(Sleeps, Image: Unpullable));
        var output = await Apply(stalled, expectedExit: 1);
        Assert.Contains(Unpullable, output, StringComparison.Ordinal);

        // Once A's new version has run its whole probation (Docker's start time says so), the same
        // manifest is applied again: A passed, B is not replaced yet, so A's previous version stays.
        var a2 = (await Engine.InspectAsync(A)).ID;
        await DockerHost.EventuallyAsync(
            async () => DateTimeOffset.UtcNow - DateTimeOffset.Parse((await Engine.InspectAsync(A)).State.StartedAt, CultureInfo.InvariantCulture) > TimeSpan.FromSeconds(2),
            TimeSpan.FromSeconds(30),
            $"{A}'s new version ran its probation of 1 s");
        await Apply(stalled, expectedExit: 1);
        var held = await Deployed(A, PreviousVersion.NameOf(A), B);
        Assert.Equal(v1[A], held[PreviousVersion.NameOf(A)]);
        Assert.Equal(a2, held[A]);
        Assert.Equal(v1[B], held[B]);

        // A later version failing returns both apps to v1, the last version that passed as a whole:
        // never A of v2 beside B of v1, a mix no one published.
        output = await Apply(Manifest(3, new App(ExitsAtOnce, ProbationSeconds: 1), new App(Sleeps)), expectedExit: 1);
        Assert.Contains($"app {A} rolled back to its previous version: ", output, StringComparison.Ordinal);
        Assert.Contains($"app {B} rolled back to its previous version: rolled back with {A} (atomic update", output, StringComparison.Ordinal);
        Assert.Equal(v1, await Deployed());
        await AssertRunsRelease(A, 1);
        await AssertRunsRelease(B, 1);

        // And a good version after that passes as a whole, leaving no previous version behind.
        await Apply(Manifest(4, new App(Sleeps, ProbationSeconds: 1), new App(Sleeps)), expectedExit: 0);
        Assert.All((await Deployed()).Values, id => Assert.DoesNotContain(id, v1.Values));
        await AssertRunsRelease(A, 4);
        await AssertRunsRelease(B, 4);
    }

    [Fact]
    public async Task A_crash_looping_new_version_rolls_the_whole_manifest_back_to_the_last_one_that_passed()
    {
        await Apply(Manifest(1, Sleeps, Sleeps), expectedExit: 0);
        var v1 = await Deployed();

        var output = await Apply(Manifest(2, Crashes, Sleeps), expectedExit: 1);
        Assert.Contains($"app {A} rolled back to its previous version: restarted", output, StringComparison.Ordinal);
        Assert.Contains($"app {B} rolled back to its previous version: rolled back with {A} (atomic update", output, StringComparison.Ordinal);
        Assert.Equal(v1, await Deployed());

        // A later version failing the other way round returns to v1 again: both apps, not a mix.
        output = await Apply(Manifest(3, Sleeps, Crashes), expectedExit: 1);
        Assert.Contains($"app {B} rolled back to its previous version: restarted", output, StringComparison.Ordinal);
        Assert.Equal(v1, await Deployed());
        foreach (var app in new[] { A, B })
        {
            var inspect = await Engine.InspectAsync(app);
            Assert.Contains("RELEASE=1", inspect.Config.Env);
            Assert.True(inspect.State.Running, $"{app} runs");
        }

        // And a good version after that passes as a whole.
        await Apply(Manifest(4, Sleeps, Sleeps), expectedExit: 0);
        Assert.All((await Deployed()).Values, id => Assert.DoesNotContain(id, v1.Values));
    }
}
