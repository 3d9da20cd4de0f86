using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests.Docker;

/// <summary>The daemon on the real engine with an app that exits at once: it is started again with growing delays, not in a tight loop.</summary>
[Collection(DockerTests.Name)]
public sealed class CrashLoopTests(DockerHost docker) : EngineTest(docker)
{
    [Fact]
    public async Task An_app_that_keeps_exiting_is_backed_off_and_reported_crash_looping()
    {
        // Each start leaves a line in a bind-mounted file, then the app exits 7. Restart policy "no":
        // only the agent starts it again, on the die event's pass, unless it backs off.
        var starts = Path.Combine(Temp.File("binds"), "starts");
        Directory.CreateDirectory(Temp.File("binds"));
        var manifest = Temp.Write("m.json", $$"""
            { "apiVersion": "edge/v1", "kind": "Manifest",
              "metadata": { "name": "crash", "version": 1, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z", "target": { "devices": ["pi-01"] } },
              "spec": { "apps": { "itest-crasher": { "image": "{{DockerHost.Image}}", "restartPolicy": "no",
                "command": ["sh", "-c", "echo start >> /data/starts; exit 7"], "binds": [ { "source": "{{Temp.File("binds")}}", "target": "/data" } ] } } } }
            """);
        using (var agent = AgentProcess.Start(["apply", "--manifest", manifest, "--allow-unsigned", "--config", Temp.AgentConfig(resyncSeconds: 2)]))
        {
            await Task.Delay(TimeSpan.FromSeconds(45));

            // Starts at about 0 s, again at once, then after 10 s and 20 s (next: 40 s later): a tight
            // loop would have made hundreds.
            var count = File.Exists(starts) ? File.ReadAllLines(starts).Length : 0;
            Assert.True(count is >= 4 and <= 5, $"{count} starts in 45 s\n{agent.Stdout}\n{agent.Stderr}");
            Assert.Contains("crash-looping: exited 3 time(s) in a row (last exit code 7)", agent.Stdout + agent.Stderr, StringComparison.Ordinal);
        }

        // The counts are kept: a restarted agent does not start it at once.
        var before = File.ReadAllLines(starts).Length;
        using var again = AgentProcess.Start(["apply", "--manifest", manifest, "--allow-unsigned", "--config", Temp.AgentConfig(resyncSeconds: 2)]);
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.True(File.ReadAllLines(starts).Length == before, $"started again right after the agent restarted\n{again.Stdout}\n{again.Stderr}");
        Assert.Matches(@"crash-looping: exited [4-9] time\(s\) in a row", again.Stdout + again.Stderr);
    }
}
