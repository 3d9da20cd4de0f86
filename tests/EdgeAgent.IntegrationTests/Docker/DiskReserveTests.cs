using Docker.DotNet.Models;
using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests.Docker;

/// <summary>
/// disk.reserve on a real engine whose data root is a small filesystem (a second dockerd on a
/// 256 MiB loop device): an update whose layers would eat into the reserve is refused with
/// disk-reserve and the running version stays; with room to spare it is pulled and applied.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class DiskReserveTests(DockerHost docker) : IAsyncLifetime
{
    private const string Repository = "127.0.0.1:5000/edgeagent/big";
    private readonly TempDirectory temp = new();
    private SmallDockerd small = null!;
    private string pinned = "";

    public async Task InitializeAsync()
    {
        small = await SmallDockerd.StartAsync(256);
        try
        {
            await PrepareAsync();
        }
        catch
        {
            await small.DisposeAsync(); // xUnit does not dispose what failed to initialise
            throw;
        }
    }

    private async Task PrepareAsync()
    {
        await small.LoadAsync(DockerHost.Image);

        // 40 MiB of random bytes in one layer (it does not compress), pushed to the test registry.
        var maker = await docker.Client.Containers.CreateContainerAsync(new CreateContainerParameters { Image = DockerHost.Image, Cmd = ["sh", "-c", "head -c 41943040 /dev/urandom > /blob"] });
        await docker.Client.Containers.StartContainerAsync(maker.ID, new ContainerStartParameters());
        await docker.Client.Containers.WaitContainerAsync(maker.ID);
        await docker.Client.Images.CommitContainerChangesAsync(new CommitContainerChangesParameters { ContainerID = maker.ID, RepositoryName = Repository, Tag = "40m" });
        await docker.Client.Containers.RemoveContainerAsync(maker.ID, new ContainerRemoveParameters { Force = true });
        await docker.Client.Images.PushImageAsync(Repository, new ImagePushParameters { Tag = "40m" }, new AuthConfig(), new Progress<JSONMessage>());
        var pushed = await docker.Client.Images.InspectImageAsync(Repository + ":40m");
        pinned = pushed.RepoDigests.Single(d => d.StartsWith(Repository + "@", StringComparison.Ordinal));
        await docker.Client.Images.DeleteImageAsync(Repository + ":40m", new ImageDeleteParameters { Force = true });
    }

    public async Task DisposeAsync()
    {
        await small.DisposeAsync();
        temp.Dispose();
    }

    private string Config(string reserve) => temp.Write("agent.json", $$"""
        { "deviceId": "pi-01", "stateDir": "{{temp.File("state")}}", "docker": { "endpoint": "{{small.Endpoint}}" },
          "policy": { "requireDigest": false }, "disk": { "reserve": "{{reserve}}" } }
        """);

    private string Manifest(long version, string image) => temp.Write($"v{version}.json", $$"""
        { "apiVersion": "edge/v1", "kind": "Manifest",
          "metadata": { "name": "disk", "version": {{version}}, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z", "target": { "devices": ["pi-01"] } },
          "spec": { "apps": { "itest-disk": { "image": "{{image}}", "command": ["sleep", "3600"], "init": true, "stopGracePeriodSeconds": 1,
            "security": { "networkMode": "none" } } } } }
        """);

    [Fact]
    public async Task An_update_that_would_break_the_reserve_is_refused_and_the_old_version_keeps_running()
    {
        var free = new DriveInfo(small.DataRoot).AvailableFreeSpace;
        var (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", Manifest(1, DockerHost.Image), "--once", "--allow-unsigned", "--config", Config("10%")]);
        Assert.True(exit == 0, stdout + stderr);
        var v1 = await small.Client.Containers.InspectContainerAsync("itest-disk");

        // About 120 MiB needed (40 to download, unpacked twice that): a reserve that leaves less is kept.
        var tooMuch = $"{(free - (100L << 20)) >> 20}Mi";
        (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", Manifest(2, pinned), "--once", "--allow-unsigned", "--config", Config(tooMuch)]);
        Assert.True(exit == 1 && (stdout + stderr).Contains($"disk-reserve: pulling {pinned} needs about 120.0 MiB (40.0 MiB to download", StringComparison.Ordinal), $"exit {exit}\n{stdout}{stderr}");
        var still = await small.Client.Containers.InspectContainerAsync("itest-disk");
        Assert.Equal(v1.ID, still.ID);
        Assert.True(still.State.Running);
        await Assert.ThrowsAsync<global::Docker.DotNet.DockerImageNotFoundException>(() => small.Client.Images.InspectImageAsync(pinned));

        // With room to spare the same update goes through.
        (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", Manifest(3, pinned), "--once", "--allow-unsigned", "--config", Config("20Mi")]);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal(pinned, (await small.Client.Containers.InspectContainerAsync("itest-disk")).Config.Image);
    }
}
