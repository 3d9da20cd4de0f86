using Docker.DotNet.Models;
using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests.Docker;

/// <summary>
/// Health-gated updates on the real engine through `edge-agent apply --once`: the previous container is
/// kept while the new version is on probation, restored (same container) when the new one fails, and
/// the failed version is not tried again; a newer version is.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class HealthGatedUpdateTests(DockerHost docker) : EngineTest(docker)
{
    private const string App = "itest-gated";
    private string Manifest(long version, string extra, string update = """{ "probationSeconds": 4 }""") => Temp.Write($"v{version}.json", $$"""
        { "apiVersion": "edge/v1", "kind": "Manifest",
          "metadata": { "name": "gated", "version": {{version}}, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z", "target": { "devices": ["pi-01"] } },
          "spec": { "apps": { "{{App}}": { "image": "{{DockerHost.Image}}", "init": true, "stopGracePeriodSeconds": 1,
            "env": { "RELEASE": "{{version}}" }, "update": {{update}}{{extra}} } } } }
        """);

    private Task<(int ExitCode, string Stdout, string Stderr)> Apply(string manifest) =>
        AgentProcess.RunAsync(["apply", "--manifest", manifest, "--once", "--allow-unsigned", "--config", Temp.AgentConfig()]);

    private const string Sleeps = """, "command": ["sleep", "3600"]""";

    [Fact]
    public async Task An_unhealthy_version_is_rolled_back_to_the_same_container_with_its_health_output_and_not_tried_again()
    {
        var (exit, stdout, stderr) = await Apply(Manifest(1, Sleeps));
        Assert.True(exit == 0, stdout + stderr);
        var v1 = await Engine.InspectAsync(App);

        var unhealthy = Sleeps + """, "healthcheck": { "test": ["CMD-SHELL", "echo database 10.0.0.9 unreachable; exit 1"], "intervalSeconds": 1, "retries": 1 }""";
        (exit, stdout, stderr) = await Apply(Manifest(2, unhealthy));
        Assert.True(exit == 1, stdout + stderr);
        Assert.Contains($"app {App} rolled back to its previous version: unhealthy during its probation: database 10.0.0.9 unreachable", stderr, StringComparison.Ordinal);
        Assert.Contains("is not tried again", stderr, StringComparison.Ordinal);
        var restored = await Engine.InspectAsync(App);
        Assert.Equal(v1.ID, restored.ID);
        Assert.True(restored.State.Running);
        Assert.Single(await Engine.ManagedContainersAsync());

        // The same version again: refused at once, nothing created.
        (exit, _, stderr) = await Apply(Manifest(2, unhealthy));
        Assert.Equal(1, exit);
        Assert.Contains("rolled back", stderr, StringComparison.Ordinal);
        Assert.Equal(v1.ID, (await Engine.InspectAsync(App)).ID);

        // A newer version is tried; it passes its probation and the previous container goes.
        (exit, stdout, stderr) = await Apply(Manifest(3, Sleeps));
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains($"on probation: {App}", stdout, StringComparison.Ordinal);
        var v3 = Assert.Single(await Engine.ManagedContainersAsync());
        Assert.NotEqual(v1.ID, v3.ID);
        Assert.Equal("/" + App, v3.Names[0]);
    }

    [Fact]
    public async Task A_version_that_exits_is_rolled_back_with_its_exit_code()
    {
        var (exit, stdout, stderr) = await Apply(Manifest(1, Sleeps));
        Assert.True(exit == 0, stdout + stderr);
        var v1 = await Engine.InspectAsync(App);

        (exit, stdout, stderr) = await Apply(Manifest(2, """, "restartPolicy": "no", "command": ["sh", "-c", "sleep 1; exit 42"]"""));
        Assert.True(exit == 1, stdout + stderr);
        Assert.Contains("exited with code 42 during its probation", stderr, StringComparison.Ordinal);
        Assert.Equal(v1.ID, (await Engine.InspectAsync(App)).ID);
        Assert.True((await Engine.InspectAsync(App)).State.Running);
    }

    [Fact]
    public async Task Start_first_starts_the_new_version_before_the_old_one_stops()
    {
        var update = """{ "strategy": "start-first", "probationSeconds": 2 }""";
        var (exit, stdout, stderr) = await Apply(Manifest(1, Sleeps, update));
        Assert.True(exit == 0, stdout + stderr);
        var v1 = await Engine.InspectAsync(App);

        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        (exit, stdout, stderr) = await Apply(Manifest(2, Sleeps, update));
        Assert.True(exit == 0, stdout + stderr);
        var v2 = await Engine.InspectAsync(App);

        var events = new List<Message>();
        await Engine.Client.System.MonitorEventsAsync(
            new ContainerEventsParameters
            {
                Since = since.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                Until = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["type"] = new Dictionary<string, bool> { ["container"] = true } },
            },
            new Progress(events.Add));
        var newStarted = events.FindIndex(e => e.Actor.ID == v2.ID && e.Action == "start");
        var oldStopped = events.FindIndex(e => e.Actor.ID == v1.ID && e.Action == "die");
        Assert.True(newStarted >= 0 && oldStopped > newStarted, string.Join(", ", events.Select(e => $"{e.Action} {e.Actor.ID[..12]}")));
        Assert.Single(await Engine.ManagedContainersAsync());
    }

    private sealed class Progress(Action<Message> onMessage) : IProgress<Message>
    {
        public void Report(Message value) => onMessage(value);
    }
}
