namespace EdgeAgent.IntegrationTests.Agent;

/// <summary>`edge-agent apply` and friends, through the real program and the real Docker engine.</summary>
[Collection(DockerTests.Name)]
public sealed class ApplyCommandTests(DockerHost docker) : EngineTest(docker)
{
    private Task<(int ExitCode, string Stdout, string Stderr)> ApplyAsync(string manifest, params string[] flags) =>
        AgentProcess.RunAsync(["apply", "--manifest", Temp.Write("manifest.json", manifest), "--config", Temp.AgentConfig(), .. flags]);

    [Fact]
    public async Task Version_prints_and_exits_zero()
    {
        var (exit, stdout, _) = await AgentProcess.RunAsync(["--version"]);
        Assert.Equal(0, exit);
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout.Trim());
    }

    [Fact]
    public async Task Apply_once_converges_prints_what_it_did_and_exits_zero()
    {
        var (exit, stdout, stderr) = await ApplyAsync(Manifests.Stack(), "--once", "--allow-unsigned");
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("create itest-db", stdout, StringComparison.Ordinal);
        Assert.Contains("start itest-web", stdout, StringComparison.Ordinal);
        Assert.Contains("converged: 3 app(s) running", stdout, StringComparison.Ordinal);
        Assert.Equal(3, (await Engine.ManagedContainersAsync()).Count);
        Assert.True(File.Exists(Temp.File("state/last-known-good.json")), "last-known-good persisted");

        var (again, againOut, _) = await ApplyAsync(Manifests.Stack(), "--once", "--allow-unsigned");
        Assert.Equal(0, again);
        Assert.Contains("pass 1: nothing to do", againOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dry_run_prints_the_plan_and_changes_nothing()
    {
        var (exit, stdout, stderr) = await ApplyAsync(Manifests.Stack(), "--dry-run", "--allow-unsigned");
        Assert.True(exit == 0, stderr);
        Assert.Contains("create itest-db", stdout, StringComparison.Ordinal);
        Assert.Contains("nothing changed", stdout, StringComparison.Ordinal);
        Assert.Empty(await Engine.ManagedContainersAsync());
        Assert.False(File.Exists(Temp.File("state/last-known-good.json")));
    }

    [Fact]
    public async Task Manifest_rejected_by_policy_leaves_every_container_untouched()
    {
        Assert.Equal(0, (await ApplyAsync(Manifests.Stack(), "--once", "--allow-unsigned")).ExitCode);
        var before = await SnapshotAsync();

        var (exit, stdout, stderr) = await ApplyAsync(Manifests.Stack(version: 2, withWorker: false, privilegedWeb: true, dbMemory: "40Mi"), "--once", "--allow-unsigned");

        Assert.Equal(1, exit);
        Assert.Contains("policy-denied", stderr, StringComparison.Ordinal);
        Assert.Contains("$.spec.apps.itest-web.security.privileged", stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("pass 1", stdout, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Invalid_manifest_is_refused_naming_the_field()
    {
        var bad = Manifests.Stack().Replace("\"memory\": \"32Mi\"", "\"memory\": \"32MB\"", StringComparison.Ordinal);
        var (exit, _, stderr) = await ApplyAsync(bad, "--once", "--allow-unsigned");
        Assert.Equal(1, exit);
        Assert.Contains("invalid-manifest", stderr, StringComparison.Ordinal);
        Assert.Contains("$.spec.apps.itest-db.resources.memory", stderr, StringComparison.Ordinal);
        Assert.Empty(await Engine.ManagedContainersAsync());
    }

    [Fact]
    public async Task Unsigned_manifest_is_refused_without_the_development_flag()
    {
        var (exit, _, stderr) = await ApplyAsync(Manifests.Stack(), "--once");
        Assert.Equal(1, exit);
        Assert.Contains("unsigned-refused", stderr, StringComparison.Ordinal);
        Assert.Contains("--allow-unsigned", stderr, StringComparison.Ordinal);
        Assert.Empty(await Engine.ManagedContainersAsync());
    }

    [Fact]
    public async Task Unreadable_manifest_and_bad_usage_exit_two()
    {
        var (missing, _, missingErr) = await AgentProcess.RunAsync(["apply", "--manifest", Temp.File("nope.json"), "--once", "--config", Temp.AgentConfig()]);
        Assert.Equal(2, missing);
        Assert.Contains("nope.json", missingErr, StringComparison.Ordinal);

        var (usage, _, usageErr) = await AgentProcess.RunAsync(["apply", "--once"]);
        Assert.Equal(2, usage);
        Assert.Contains("--manifest", usageErr, StringComparison.Ordinal);

        var (unknown, _, _) = await AgentProcess.RunAsync(["frobnicate"]);
        Assert.Equal(2, unknown);
    }

    [Fact]
    public async Task Bad_configuration_exits_two_naming_file_and_key()
    {
        var config = Temp.Write("bad.json", """{ "deviceId": "pi-01", "resyncSecs": 5 }""");
        var (exit, _, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", Temp.Write("m.json", Manifests.Stack()), "--dry-run", "--config", config]);
        Assert.Equal(2, exit);
        Assert.Contains("bad.json", stderr, StringComparison.Ordinal);
        Assert.Contains("resyncSecs", stderr, StringComparison.Ordinal);

        var (missing, _, missingErr) = await AgentProcess.RunAsync(["run", "--config", Temp.File("absent.json")]);
        Assert.Equal(2, missing);
        Assert.Contains("absent.json", missingErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "deviceId": "pi/01" }""", "deviceId")]
    [InlineData("""{ "deviceId": "pi-01", "groups": ["green+house"] }""", "groups")]
    [InlineData("""{ "deviceId": "pi-01", "broker": { "url": "mqtt://broker:1883", "caFile": "/c", "certFile": "/c", "keyFile": "/k" } }""", "broker.url")]
    [InlineData("""{ "deviceId": "pi-01", "broker": { "url": "mqtts://broker:8883", "caFile": "/c", "certFile": "/c" } }""", "broker.keyFile")]
    public async Task Bad_fleet_configuration_exits_two_naming_the_key(string json, string key)
    {
        var config = Temp.Write("fleet.json", json);
        var (exit, _, stderr) = await AgentProcess.RunAsync(["run", "--config", config]);
        Assert.Equal(2, exit);
        Assert.Contains("fleet.json", stderr, StringComparison.Ordinal);
        Assert.Contains(key, stderr, StringComparison.Ordinal);
    }

    private async Task<List<string>> SnapshotAsync()
    {
        var snapshot = new List<string>();
        foreach (var container in (await Engine.ManagedContainersAsync()).OrderBy(c => c.ID, StringComparer.Ordinal))
        {
            var inspect = await Engine.InspectAsync(container.ID);
            snapshot.Add($"{inspect.Name} {inspect.ID} {inspect.State.Status} {inspect.State.StartedAt} {inspect.HostConfig.Memory} {inspect.HostConfig.NanoCPUs}");
        }

        return snapshot;
    }
}
