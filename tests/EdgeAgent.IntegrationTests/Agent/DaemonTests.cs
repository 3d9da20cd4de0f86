namespace EdgeAgent.IntegrationTests.Agent;

/// <summary>`edge-agent run`: the long-running daemon, driven by Docker events, file changes and its timer.</summary>
[Collection(DockerTests.Name)]
public sealed class DaemonTests(DockerHost docker) : EngineTest(docker)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private async Task<bool> RunningAsync(string name)
    {
        try
        {
            return (await Engine.InspectAsync(name)).State.Running;
        }
        catch (global::Docker.DotNet.DockerContainerNotFoundException)
        {
            return false;
        }
    }

    private async Task AllRunningAsync(string what)
    {
        await DockerHost.EventuallyAsync(
            async () => await RunningAsync("itest-db") && await RunningAsync("itest-web") && await RunningAsync("itest-worker"),
            Timeout,
            what);
    }

    [Fact]
    public async Task Daemon_converges_repairs_drift_at_once_follows_the_file_and_keeps_state_on_a_bad_edit()
    {
        var manifest = Temp.Write("manifest.json", Manifests.Stack());
        // resyncSeconds is long: repairs within the test's timeout come from Docker events and file changes.
        var config = Temp.AgentConfig(manifestFile: manifest, resyncSeconds: 3600, allowUnsigned: true);
        using var agent = AgentProcess.Start(["run", "--config", config], new Dictionary<string, string> { ["EDGEAGENT_LOG_LEVEL"] = "Debug" });

        await AllRunningAsync("the daemon converges the device");
        var db = await Engine.InspectAsync("itest-db");

        await Engine.Client.Containers.StopContainerAsync("itest-db", new global::Docker.DotNet.Models.ContainerStopParameters { WaitBeforeKillSeconds = 1 });
        await DockerHost.EventuallyAsync(() => RunningAsync("itest-db"), Timeout, "a container stopped by hand is started again");
        Assert.Equal(db.ID, (await Engine.InspectAsync("itest-db")).ID);

        await Engine.Client.Containers.RemoveContainerAsync("itest-worker", new global::Docker.DotNet.Models.ContainerRemoveParameters { Force = true });
        await DockerHost.EventuallyAsync(() => RunningAsync("itest-worker"), Timeout, "a container removed by hand is recreated");

        File.WriteAllText(manifest, Manifests.Stack(version: 2, dbMemory: "40Mi"));
        await DockerHost.EventuallyAsync(async () => (await Engine.InspectAsync("itest-db")).HostConfig.Memory == 40L << 20, Timeout, "an edited manifest is applied");
        Assert.Equal(db.ID, (await Engine.InspectAsync("itest-db")).ID);

        File.WriteAllText(manifest, "{ \"apiVersion\": \"edge/v1\", \"kind\": \"Manifest\", \"oops\": 1 }");
        await DockerHost.EventuallyAsync(() => Task.FromResult(agent.Stdout.Contains("$.oops", StringComparison.Ordinal)), Timeout, "the bad edit is rejected and logged, naming the field");
        Assert.Contains("Rejected manifest", agent.Stdout, StringComparison.Ordinal);
        await Engine.Client.Containers.StopContainerAsync("itest-web", new global::Docker.DotNet.Models.ContainerStopParameters { WaitBeforeKillSeconds = 1 });
        await AllRunningAsync("after a rejected edit the previous manifest is still enforced");
        Assert.Equal(40L << 20, (await Engine.InspectAsync("itest-db")).HostConfig.Memory);

        Assert.Equal(0, await agent.TerminateAsync(TimeSpan.FromSeconds(15)));
        Assert.True(await RunningAsync("itest-db"), "stopping the agent leaves the apps running");
    }

    [Fact]
    public async Task Daemon_starts_from_last_known_good_when_the_manifest_file_is_gone()
    {
        var manifest = Temp.Write("manifest.json", Manifests.Stack());
        var config = Temp.AgentConfig(resyncSeconds: 3600);
        var (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", manifest, "--once", "--allow-unsigned", "--config", config]);
        Assert.True(exit == 0, stdout + stderr);

        File.Delete(manifest);
        await Engine.Client.Containers.RemoveContainerAsync("itest-worker", new global::Docker.DotNet.Models.ContainerRemoveParameters { Force = true });

        // The manifest path comes from the environment, as systemd drop-ins would set it.
        using var agent = AgentProcess.Start(["run", "--config", config], new Dictionary<string, string> { ["EDGEAGENT__manifestFile"] = manifest });
        await DockerHost.EventuallyAsync(() => RunningAsync("itest-worker"), Timeout, "last-known-good state is enforced at start");
        Assert.Contains("last-known-good", agent.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, await agent.TerminateAsync(TimeSpan.FromSeconds(15)));
    }
}
