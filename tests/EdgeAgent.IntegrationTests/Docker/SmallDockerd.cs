using System.Diagnostics;
using Docker.DotNet;

namespace EdgeAgent.IntegrationTests.Docker;

/// <summary>
/// A second Docker engine whose data root is a small ext4 filesystem on a loop device, for the disk
/// tests: its own socket, exec root, pid file and bridge, no iptables rules, torn down with its mount
/// and bridge. (Not `--bridge=none`: that makes dockerd delete the host's docker0, which the main
/// engine's containers need.)
/// </summary>
internal sealed class SmallDockerd : IAsyncDisposable
{
    private const string Bridge = "ea-small0";
    private readonly string directory = Directory.CreateTempSubdirectory("edgeagent-small-dockerd-").FullName;
    private Process? dockerd;

    public string Socket => Path.Combine(directory, "docker.sock");

    public string Endpoint => "unix://" + Socket;

    public string DataRoot => Path.Combine(directory, "mnt", "docker");

    public IDockerClient Client { get; private set; } = null!;

    public static async Task<SmallDockerd> StartAsync(int megabytes)
    {
        var small = new SmallDockerd();
        var image = Path.Combine(small.directory, "fs.img");
        var mount = Path.Combine(small.directory, "mnt");
        Directory.CreateDirectory(mount);
        await RunAsync("truncate", "-s", $"{megabytes}M", image);
        await RunAsync("mkfs.ext4", "-q", "-F", "-m", "0", image);
        await RunAsync("mount", "-o", "loop", image, mount);
        await RunAsync("sh", "-c", $"ip link show {Bridge} >/dev/null 2>&1 || ip link add {Bridge} type bridge; ip addr replace 10.231.0.1/24 dev {Bridge}; ip link set {Bridge} up");
        small.dockerd = Process.Start(new ProcessStartInfo("dockerd",
        [
            "--data-root", small.DataRoot, "--exec-root", Path.Combine(small.directory, "exec"), "--pidfile", Path.Combine(small.directory, "dockerd.pid"),
            "-H", small.Endpoint, "--bridge", Bridge, "--iptables=false", "--ip-masq=false",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        small.dockerd.OutputDataReceived += (_, _) => { };
        small.dockerd.ErrorDataReceived += (_, _) => { };
        small.dockerd.BeginOutputReadLine();
        small.dockerd.BeginErrorReadLine();
        small.Client = new DockerClientBuilder().WithEndpoint(new Uri(small.Endpoint)).Build();
        await DockerHost.EventuallyAsync(
            async () =>
            {
                try
                {
                    await small.Client.System.PingAsync();
                    return true;
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or DockerApiException or System.Net.Sockets.SocketException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(30),
            "the second dockerd answers");
        return small;
    }

    /// <summary>Copies an image from the main engine (docker save | docker load).</summary>
    public Task LoadAsync(string image) => RunAsync("sh", "-c", $"docker save {image} | docker -H {Endpoint} load -q");

    public async ValueTask DisposeAsync()
    {
        if (dockerd is { HasExited: false })
        {
            // Containers first, then a clean stop: no shim or mount left behind.
            foreach (var container in await Client.Containers.ListContainersAsync(new global::Docker.DotNet.Models.ContainersListParameters { All = true }))
            {
                await Client.Containers.RemoveContainerAsync(container.ID, new global::Docker.DotNet.Models.ContainerRemoveParameters { Force = true });
            }

            await RunAsync("kill", "-TERM", dockerd.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await dockerd.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                dockerd.Kill(entireProcessTree: true);
                await dockerd.WaitForExitAsync();
            }
        }

        Client?.Dispose();

        dockerd?.Dispose();
        await RunAsync("umount", "-l", Path.Combine(directory, "mnt"));
        await RunAsync("ip", "link", "delete", Bridge);
        Directory.Delete(directory, recursive: true);
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)}: exit {process.ExitCode}: {error}");
        }
    }
}
