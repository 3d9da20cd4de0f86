namespace EdgeAgent.IntegrationTests.Docker;

/// <summary>What status says of an app's runs, read from the real engine: exit code, start and end times, restarts.</summary>
[Collection(DockerTests.Name)]
public sealed class RunHistoryTests(DockerHost docker) : IAsyncLifetime
{
    public Task InitializeAsync() => docker.ResetAsync();

    public Task DisposeAsync() => docker.ResetAsync();

    [Fact]
    public async Task A_run_that_ended_has_its_exit_code_and_times_and_a_running_one_has_no_exit_code()
    {
        var manifest = $$"""
            { "apiVersion": "edge/v1", "kind": "Manifest",
              "metadata": { "name": "runs", "version": 1, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z", "target": { "devices": ["pi-01"] } },
              "spec": { "apps": {
                "itest-exits": { "image": "{{DockerHost.Image}}", "command": ["sh", "-c", "exit 3"], "restartPolicy": "no" },
                "itest-runs": { "image": "{{DockerHost.Image}}", "command": ["sleep", "3600"], "init": true, "stopGracePeriodSeconds": 1 } } } }
            """;
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var runtime = docker.NewRuntime();
        await DockerHost.NewReconciler(runtime).RunPassAsync(DockerHost.Admit(manifest), dryRun: false, CancellationToken.None);

        Core.Planning.ObservedContainer? exited = null;
        await DockerHost.EventuallyAsync(async () =>
        {
            exited = (await runtime.ObserveAsync(CancellationToken.None)).Containers.Single(c => c.App == "itest-exits");
            return exited.ExitCode is not null;
        }, TimeSpan.FromSeconds(10), "itest-exits has exited");
        Assert.Equal(3, exited!.ExitCode);
        Assert.InRange(exited.StartedAt!.Value, before, DateTimeOffset.UtcNow);
        // Docker takes the end time from containerd's exit event, which can precede the start time it records by a few ms.
        Assert.InRange(exited.FinishedAt!.Value, exited.StartedAt.Value.AddSeconds(-1), DateTimeOffset.UtcNow);

        var running = (await runtime.ObserveAsync(CancellationToken.None)).Containers.Single(c => c.App == "itest-runs");
        Assert.True(running.Running);
        Assert.Null(running.ExitCode);
        Assert.Null(running.FinishedAt);
        Assert.InRange(running.StartedAt!.Value, before, DateTimeOffset.UtcNow);
    }
}
