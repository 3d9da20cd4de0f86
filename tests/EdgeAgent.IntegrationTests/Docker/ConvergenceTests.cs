using Docker.DotNet.Models;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.IntegrationTests.Docker;

/// <summary>The agent's core loop against the real Docker engine.</summary>
[Collection(DockerTests.Name)]
public sealed class ConvergenceTests(DockerHost docker) : IAsyncLifetime
{
    public Task InitializeAsync() => docker.ResetAsync();

    public Task DisposeAsync() => docker.ResetAsync();

    private async Task ConvergeAsync(string manifest)
    {
        var passes = await DockerHost.NewReconciler(docker.NewRuntime()).ConvergeAsync(DockerHost.Admit(manifest), 4, CancellationToken.None);
        Assert.True(passes[^1].Converged, "did not converge: " + string.Join("; ", passes.SelectMany(p => p.Results).Where(r => r.Outcome != Core.Execution.StepOutcome.Succeeded)));
    }

    [Fact]
    public async Task Empty_device_converges_to_three_apps_with_their_limits()
    {
        await ConvergeAsync(Manifests.Stack());

        var db = await docker.InspectAsync("itest-db");
        Assert.True(db.State.Running);
        Assert.Equal(32L << 20, db.HostConfig.Memory);
        Assert.Equal(64L << 20, db.HostConfig.MemorySwap);
        Assert.Equal(250_000_000L, db.HostConfig.NanoCPUs);
        Assert.Equal(256L, db.HostConfig.CPUShares);
        Assert.Equal(32L, db.HostConfig.PidsLimit);

        // This kernel cannot weight block IO: Docker discards the value. Read back what it accepted.
        Assert.Contains(db.HostConfig.BlkioWeight, new ushort[] { 0, 300 });
        Assert.Equal("true", db.Config.Labels["io.edgeagent.managed"]);
        Assert.Equal("itest-db", db.Config.Labels["io.edgeagent.app"]);
        Assert.Equal(32, db.Config.Labels["io.edgeagent.spec-hash"].Length);
        Assert.Contains(db.Mounts, m => m.Type == "volume" && m.Name == "itest-db-data" && m.Destination == "/data");

        var web = await docker.InspectAsync("itest-web");
        Assert.True(web.State.Running);
        Assert.Equal(48L << 20, web.HostConfig.Memory);
        Assert.Equal(500_000_000L, web.HostConfig.NanoCPUs);
        Assert.Equal("0", web.HostConfig.CpusetCpus);
        Assert.Equal(64L, web.HostConfig.PidsLimit);
        Assert.True(web.HostConfig.ReadonlyRootfs);
        Assert.Contains("NET_RAW", web.HostConfig.CapDrop);
        Assert.Contains("no-new-privileges:true", web.HostConfig.SecurityOpt);
        Assert.Equal("json-file", web.HostConfig.LogConfig.Type);
        Assert.Equal("10m", web.HostConfig.LogConfig.Config["max-size"]);
        Assert.Equal("3", web.HostConfig.LogConfig.Config["max-file"]);
        Assert.Equal(RestartPolicyKind.UnlessStopped, web.HostConfig.RestartPolicy.Name);
        Assert.True(web.HostConfig.Init);
        Assert.Equal(3L, web.Config.StopTimeout?.TotalSeconds);
        Assert.Contains("ROLE=web", web.Config.Env);
        Assert.NotNull(web.Config.Healthcheck);
        Assert.Equal("18980", web.HostConfig.PortBindings["8080/tcp"].Single().HostPort);
        Assert.True(web.NetworkSettings.Networks.ContainsKey("itest-net"));

        var network = await docker.Client.Networks.InspectNetworkAsync("itest-net");
        Assert.Equal("172.31.250.0/24", network.IPAM.Config.Single().Subnet);
        Assert.Equal("1462", network.Options["com.docker.network.driver.mtu"]);

        var worker = await docker.InspectAsync("itest-worker");
        Assert.Equal(16L << 20, worker.HostConfig.Memory);
        Assert.Equal(128L, worker.HostConfig.CPUShares);

        // The port is really served, through the limits.
        using var http = new HttpClient();
        await DockerHost.EventuallyAsync(async () =>
        {
            try
            {
                return (await http.GetStringAsync("http://127.0.0.1:18980/")).Contains("EdgeAgent", StringComparison.Ordinal);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(10), "httpd in itest-web answers on 127.0.0.1:18980");
    }

    [Fact]
    public async Task Second_pass_plans_zero_steps()
    {
        await ConvergeAsync(Manifests.Stack());
        var runtime = docker.NewRuntime();
        var pass = await DockerHost.NewReconciler(runtime).RunPassAsync(DockerHost.Admit(Manifests.Stack()), dryRun: false, CancellationToken.None);
        Assert.Empty(pass.Plan.Steps);

        // A fresh agent (a restarted process, nothing learned or cached) agrees.
        var fresh = await DockerHost.NewReconciler(docker.NewRuntime()).RunPassAsync(DockerHost.Admit(Manifests.Stack()), dryRun: true, CancellationToken.None);
        Assert.Empty(fresh.Plan.Steps);
    }

    [Fact]
    public async Task Limits_only_change_is_applied_in_place_keeping_the_container()
    {
        await ConvergeAsync(Manifests.Stack());
        var dbBefore = await docker.InspectAsync("itest-db");
        var webBefore = await docker.InspectAsync("itest-web");

        var runtime = docker.NewRuntime();
        var desired = DockerHost.Admit(Manifests.Stack(version: 2, dbMemory: "40Mi", webCpus: 0.75));
        var pass = await DockerHost.NewReconciler(runtime).RunPassAsync(desired, dryRun: false, CancellationToken.None);
        Assert.All(pass.Plan.Steps, s => Assert.IsType<UpdateResourcesStep>(s));
        Assert.Equal(["itest-db", "itest-web"], pass.Plan.Steps.Select(s => s.Target).Order(StringComparer.Ordinal));

        var dbAfter = await docker.InspectAsync("itest-db");
        var webAfter = await docker.InspectAsync("itest-web");
        Assert.Equal(dbBefore.ID, dbAfter.ID);
        Assert.Equal(webBefore.ID, webAfter.ID);
        Assert.Equal(dbBefore.State.StartedAt, dbAfter.State.StartedAt);
        Assert.Equal(40L << 20, dbAfter.HostConfig.Memory);
        Assert.Equal(750_000_000L, webAfter.HostConfig.NanoCPUs);
    }

    [Fact]
    public async Task Removing_an_app_removes_its_container_and_nothing_else()
    {
        var bystander = await docker.RunUnmanagedAsync("itest-bystander");
        var lookalike = await docker.RunUnmanagedAsync("itest-lookalike", new Dictionary<string, string> { ["io.edgeagent.app"] = "itest-worker" });
        try
        {
            await ConvergeAsync(Manifests.Stack());
            var db = await docker.InspectAsync("itest-db");
            var web = await docker.InspectAsync("itest-web");

            await ConvergeAsync(Manifests.Stack(version: 2, withWorker: false));

            var names = (await docker.ManagedContainersAsync()).Select(c => c.Names.Single().TrimStart('/')).Order(StringComparer.Ordinal);
            Assert.Equal(["itest-db", "itest-web"], names);
            Assert.Equal(db.ID, (await docker.InspectAsync("itest-db")).ID);
            Assert.Equal(web.ID, (await docker.InspectAsync("itest-web")).ID);
            Assert.True((await docker.InspectAsync(bystander)).State.Running);
            Assert.True((await docker.InspectAsync(lookalike)).State.Running);
        }
        finally
        {
            await docker.RemoveIfPresentAsync("itest-bystander");
            await docker.RemoveIfPresentAsync("itest-lookalike");
        }
    }

    [Fact]
    public async Task Drift_by_hand_is_repaired()
    {
        await ConvergeAsync(Manifests.Stack());
        var db = await docker.InspectAsync("itest-db");

        // Stopped by hand: started again, same container.
        await docker.Client.Containers.StopContainerAsync("itest-db", new ContainerStopParameters { WaitBeforeKillSeconds = 1 });
        // Removed by hand: recreated.
        await docker.Client.Containers.RemoveContainerAsync("itest-worker", new ContainerRemoveParameters { Force = true });
        // Limits changed by hand: restored in place.
        await docker.Client.Containers.UpdateContainerAsync("itest-web", new ContainerUpdateParameters { Memory = 100L << 20, MemorySwap = 200L << 20 });

        await ConvergeAsync(Manifests.Stack());

        var dbAfter = await docker.InspectAsync("itest-db");
        Assert.Equal(db.ID, dbAfter.ID);
        Assert.True(dbAfter.State.Running);
        Assert.True((await docker.InspectAsync("itest-worker")).State.Running);
        Assert.Equal(48L << 20, (await docker.InspectAsync("itest-web")).HostConfig.Memory);
    }

    [Fact]
    public async Task Spec_change_recreates_only_that_app()
    {
        await ConvergeAsync(Manifests.Stack());
        var db = await docker.InspectAsync("itest-db");
        var web = await docker.InspectAsync("itest-web");

        await ConvergeAsync(Manifests.Stack(version: 2, webCommand: "httpd -f -p 8080 -h /"));

        Assert.Equal(db.ID, (await docker.InspectAsync("itest-db")).ID);
        var webAfter = await docker.InspectAsync("itest-web");
        Assert.NotEqual(web.ID, webAfter.ID);
        Assert.Contains("-h /", string.Join(' ', webAfter.Config.Cmd), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bind_mounts_under_the_allowed_prefix_are_mounted_read_only()
    {
        var source = $"/srv/edge/itest-{Guid.NewGuid():N}";
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "greeting"), "hello from the host");
        try
        {
            await ConvergeAsync($$"""
                {
                  "apiVersion": "edge/v1", "kind": "Manifest",
                  "metadata": { "name": "binds", "version": 1, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z" },
                  "spec": { "apps": { "itest-reader": {
                    "image": "{{DockerHost.Image}}", "init": true,
                    "command": ["sh", "-c", "cat /config/greeting > /tmp/seen; sleep 3600"],
                    "binds": [ { "source": "{{source}}/../{{Path.GetFileName(source)}}", "target": "/config", "readOnly": true } ]
                  } } }
                }
                """);
            var reader = await docker.InspectAsync("itest-reader");
            var mount = Assert.Single(reader.Mounts, m => m.Destination == "/config");
            Assert.Equal("bind", mount.Type);
            Assert.Equal(source, mount.Source);
            Assert.False(mount.RW);
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [Fact]
    public async Task DependsOn_order_is_honoured()
    {
        await ConvergeAsync(Manifests.Stack());
        var db = await docker.InspectAsync("itest-db");
        var web = await docker.InspectAsync("itest-web");
        var worker = await docker.InspectAsync("itest-worker");
        Assert.True(DateTimeOffset.Parse(db.State.StartedAt, System.Globalization.CultureInfo.InvariantCulture) <= DateTimeOffset.Parse(web.State.StartedAt, System.Globalization.CultureInfo.InvariantCulture), "db started before web");
        Assert.True(DateTimeOffset.Parse(web.State.StartedAt, System.Globalization.CultureInfo.InvariantCulture) <= DateTimeOffset.Parse(worker.State.StartedAt, System.Globalization.CultureInfo.InvariantCulture), "web started before worker");
    }

    [Fact]
    public async Task Name_taken_by_an_unmanaged_container_is_a_terminal_error_and_that_container_survives()
    {
        var squatter = await docker.RunUnmanagedAsync("itest-worker");
        try
        {
            var passes = await DockerHost.NewReconciler(docker.NewRuntime()).ConvergeAsync(DockerHost.Admit(Manifests.Stack()), 4, CancellationToken.None);
            var failure = passes.SelectMany(p => p.Results).Single(r => r.Outcome == Core.Execution.StepOutcome.Failed);
            Assert.Equal(Core.Abstractions.FailureKind.Terminal, failure.FailureKind);
            Assert.Contains("does not manage", failure.Error, StringComparison.Ordinal);
            Assert.Equal(squatter, (await docker.InspectAsync("itest-worker")).ID);
            Assert.True((await docker.InspectAsync("itest-web")).State.Running);
        }
        finally
        {
            await docker.RemoveIfPresentAsync("itest-worker");
        }
    }
}
