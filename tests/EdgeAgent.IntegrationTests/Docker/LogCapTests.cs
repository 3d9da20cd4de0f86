using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests.Docker;

/// <summary>Every managed container's logs are capped: the app's own `logs`, else agent.json's `logs`, else 10 MiB x 3.</summary>
[Collection(DockerTests.Name)]
public sealed class LogCapTests(DockerHost docker) : EngineTest(docker)
{
    private static string App(string name, string logs) => $$"""
        "{{name}}": { "image": "{{DockerHost.Image}}", "command": ["sleep", "3600"], "init": true, "stopGracePeriodSeconds": 1{{logs}} }
        """;

    [Fact]
    public async Task The_app_cap_wins_over_the_device_default_and_a_changed_cap_recreates_the_container()
    {
        var config = Temp.AgentConfig();
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"resyncSeconds\"", "\"logs\": { \"maxSize\": \"2Mi\", \"maxFiles\": 4 },\n  \"resyncSeconds\"", StringComparison.Ordinal));
        string Manifest(long version, string ownLogs) => Temp.Write("m.json", $$"""
            { "apiVersion": "edge/v1", "kind": "Manifest",
              "metadata": { "name": "logs", "version": {{version}}, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z", "target": { "devices": ["pi-01"] } },
              "spec": { "apps": { {{App("itest-device-cap", "")}}, {{App("itest-own-cap", ownLogs)}} } } }
            """);

        var (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", Manifest(1, """, "logs": { "maxSize": "512Ki" }"""), "--once", "--allow-unsigned", "--config", config]);
        Assert.True(exit == 0, stdout + stderr);
        var device = await Engine.InspectAsync("itest-device-cap");
        Assert.Equal(("json-file", "2097152", "4"), (device.HostConfig.LogConfig.Type, device.HostConfig.LogConfig.Config["max-size"], device.HostConfig.LogConfig.Config["max-file"]));
        var own = await Engine.InspectAsync("itest-own-cap");
        Assert.Equal(("524288", "4"), (own.HostConfig.LogConfig.Config["max-size"], own.HostConfig.LogConfig.Config["max-file"]));

        // Docker cannot change a container's log configuration: a new cap is a new container, the other app untouched.
        (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", Manifest(2, """, "logs": { "maxSize": "512Ki", "maxFiles": 2 }"""), "--once", "--allow-unsigned", "--config", config]);
        Assert.True(exit == 0, stdout + stderr);
        var ownAgain = await Engine.InspectAsync("itest-own-cap");
        Assert.NotEqual(own.ID, ownAgain.ID);
        Assert.Equal("2", ownAgain.HostConfig.LogConfig.Config["max-file"]);
        Assert.Equal(device.ID, (await Engine.InspectAsync("itest-device-cap")).ID);
    }

    [Theory]
    [InlineData("""{ "maxSize": "10MB" }""", "logs.maxSize")]
    [InlineData("""{ "maxSize": "1Ki" }""", "logs.maxSize")]
    [InlineData("""{ "maxFiles": 0 }""", "logs.maxFiles")]
    [InlineData("""{ "maxFiles": 1000 }""", "logs.maxFiles")]
    [InlineData("""{ "driver": "syslog" }""", "'driver'")]
    public async Task A_bad_device_default_stops_the_agent_naming_the_key(string logs, string key)
    {
        var config = Temp.AgentConfig();
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"resyncSeconds\"", $"\"logs\": {logs},\n  \"resyncSeconds\"", StringComparison.Ordinal));
        var (exit, _, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", Temp.Write("m.json", Manifests.Stack()), "--once", "--allow-unsigned", "--config", config]);
        Assert.Equal(2, exit);
        Assert.Contains(key, stderr, StringComparison.Ordinal);
        Assert.Empty(await Engine.ManagedContainersAsync());
    }
}
