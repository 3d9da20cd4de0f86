using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests.Docker;

/// <summary>
/// Atomic updates with an app crash-looping under `restartPolicy: always`, on the real engine through
/// `edge-agent apply --once` (the second hostile run): Docker cannot rename a container it is
/// restarting, and an app whose update stalled must not let the other apps' previous versions go.
/// All or nothing: the device ends on one published version of the whole manifest, never a mix.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class AtomicCrashLoopTests(DockerHost docker) : EngineTest(docker)
{
    private const string A = "itest-atom-a", B = "itest-atom-b";
    private const string Sleeps = """["sleep", "3600"]""", Crashes = """["sh", "-c", "sleep 0.3; exit 3"]""";
    private string Manifest(long version, string commandA, string commandB) => Temp.Write($"v{version}.json", $$"""
        { "apiVersion": "edge/v1", "kind": "Manifest",
          "metadata": { "name": "atom", "version": {{version}}, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z", "target": { "devices": ["pi-01"] } },
          "spec": { "update": { "mode": "atomic" }, "apps": {
            "{{A}}": { "image": "{{DockerHost.Image}}", "init": true, "stopGracePeriodSeconds": 1, "restartPolicy": "always",
              "command": {{commandA}}, "env": { "RELEASE": "{{version}}" }, "update": { "probationSeconds": 4 } },
            "{{B}}": { "image": "{{DockerHost.Image}}", "init": true, "stopGracePeriodSeconds": 1, "restartPolicy": "always",
              "command": {{commandB}}, "env": { "RELEASE": "{{version}}" }, "update": { "probationSeconds": 4 } } } } }
        """);

    private async Task<string> Apply(string manifest, int expectedExit)
    {
        var (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", manifest, "--once", "--allow-unsigned", "--config", Temp.AgentConfig()]);
        var output = stdout + stderr;
        Assert.True(exit == expectedExit, $"exit {exit}, expected {expectedExit}:\n{output}");
        Assert.DoesNotContain("sandbox", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        return output;
    }

    /// <summary>The managed containers as name -> id, checked to be the two apps under their own names.</summary>
    private async Task<Dictionary<string, string>> Deployed()
    {
        var containers = await Engine.ManagedContainersAsync();
        Assert.Equal([A, B], containers.Select(c => c.Names[0].TrimStart('/')).Order(StringComparer.Ordinal));
        return containers.ToDictionary(c => c.Names[0].TrimStart('/'), c => c.ID, StringComparer.Ordinal);
    }

    private async Task CrashLoopingAsync(string app) => await DockerHost.EventuallyAsync(
        async () => (await Engine.InspectAsync(app)).RestartCount >= 2,
        TimeSpan.FromSeconds(60),
        $"{app} crash-loops under restartPolicy always");

    [Fact]
    public async Task A_crash_looping_app_is_replaced_and_its_unit_passes_together()
    {
        await Apply(Manifest(1, Crashes, Sleeps), expectedExit: 0);
        await CrashLoopingAsync(A);

        // Replacing a crash-looping container means renaming one Docker is restarting.
        var output = await Apply(Manifest(2, Sleeps, Sleeps), expectedExit: 0);
        Assert.Contains($"on probation: {A}, {B}", output, StringComparison.Ordinal);
        var v2 = await Deployed();
        foreach (var app in new[] { A, B })
        {
            var inspect = await Engine.InspectAsync(v2[app]);
            Assert.Contains("RELEASE=2", inspect.Config.Env);
            Assert.True(inspect.State.Running && !inspect.State.Restarting, $"{app} runs");
        }
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
