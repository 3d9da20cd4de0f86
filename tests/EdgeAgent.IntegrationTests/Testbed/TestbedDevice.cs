using System.Diagnostics;
using EdgeAgent.IntegrationTests.Ovs;

namespace EdgeAgent.IntegrationTests.Testbed;

/// <summary>
/// One simulated Raspberry Pi: a network namespace with its own dockerd and its own
/// ovsdb-server/ovs-vswitchd, an uplink "eth0" cabled to the testbed's LAN, and nothing configured
/// on that uplink: the agent builds the underlay (br-phy) and the overlay from its manifest.
/// </summary>
public sealed class TestbedDevice(int index, string suffix, string directory)
{
    private Process? dockerd;

    public int Index { get; } = index;
    public string Id => $"pi-0{Index}";
    public string Namespace { get; } = $"edgeagent-tb{index}-{suffix}";
    public string UnderlayIp => $"192.168.77.{Index}";
    public string Root => Path.Combine(directory, Id);
    public string DockerSocket => Path.Combine(Root, "docker.sock");
    public string OvsSocket => OvsDaemons.Socket(Root);

    /// <summary>The LAN namespace's end of this device's cable.</summary>
    public string LanPort => $"tb{Index}-{suffix}";

    public async Task StartAsync(string lanNamespace, string image)
    {
        Directory.CreateDirectory(Root);
        await OvsHost.RunAsync("ip", "netns", "add", Namespace);
        await InNamespaceAsync("ip", "link", "set", "lo", "up");
        await OvsHost.RunAsync("ip", "link", "add", "eth0", "netns", Namespace, "type", "veth", "peer", "name", LanPort, "netns", lanNamespace);
        await InNamespaceAsync("ip", "link", "set", "eth0", "up");
        foreach (var command in new[] { new[] { "ip", "link", "set", LanPort, "master", "lan", "up" },
            // The kernel side of a veth hands OVS's userspace datapath partial checksums: off, as on every veth underlay.
            ["ethtool", "-K", LanPort, "tx", "off"] })
        {
            await OvsHost.RunAsync("ip", ["netns", "exec", lanNamespace, .. command]);
        }

        await OvsDaemons.StartAsync(Root, Namespace);

        // dockerd must be entered with nsenter: `ip netns exec` remounts /sys and dockerd then fails.
        dockerd = Process.Start(new ProcessStartInfo("bash", ["-c",
            $"exec nsenter --net=/var/run/netns/{Namespace} dockerd --data-root {Root}/data --exec-root {Root}/exec -H unix://{DockerSocket} "
            + $"--pidfile {Root}/docker.pid --bip 172.18.{Index}.1/24 --mtu 1462 >{Root}/dockerd.log 2>&1"]) { UseShellExecute = false })!;
        await DockerHost.EventuallyAsync(
            async () => File.Exists(DockerSocket) && await TryAsync(() => DockerAsync("version")),
            TimeSpan.FromSeconds(60),
            $"{Id}'s dockerd answers (log: {Root}/dockerd.log)");
        await OvsHost.RunAsync("bash", "-c", $"docker save {image} | docker -H unix://{DockerSocket} load");
    }

    /// <summary>Restarts ovs-vswitchd with --cleanup: the bridges' interfaces are created anew.</summary>
    public Task RestartSwitchAsync() => OvsDaemons.RestartSwitchAsync(Root, Namespace);

    public async Task StopAsync()
    {
        if (dockerd is { HasExited: false })
        {
            // Containers first: a container left running would outlive its dockerd as an orphan shim.
            await TryAsync(() => OvsHost.RunAsync("bash", "-c", $"docker -H unix://{DockerSocket} ps -aq | xargs -r docker -H unix://{DockerSocket} rm -f"));
            await TryAsync(() => OvsHost.RunAsync("kill", "-TERM", dockerd.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await dockerd.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                dockerd.Kill(entireProcessTree: true);
            }
        }

        dockerd?.Dispose();
        await OvsDaemons.StopAsync(Root);
        await TryAsync(() => OvsHost.RunAsync("ip", "netns", "delete", Namespace));
        await TryAsync(() => OvsHost.RunAsync("bash", "-c", $"grep -o ' {Root}/[^ ]*' /proc/mounts | sort -r | xargs -r umount -l"));
    }

    public Task<string> DockerAsync(params string[] args) => OvsHost.RunAsync("docker", ["-H", "unix://" + DockerSocket, .. args]);

    public Task<string> VsctlAsync(params string[] args) => OvsHost.RunAsync("ovs-vsctl", ["--db=unix:" + OvsSocket, "--timeout=10", .. args]);

    public Task<string> InNamespaceAsync(params string[] command) => OvsHost.RunAsync("ip", ["netns", "exec", Namespace, .. command]);

    public async Task<string[]> PortsAsync(string bridge) =>
        (await VsctlAsync("list-ports", bridge)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The address Docker gave a container on the overlay network.</summary>
    public async Task<string> OverlayAddressAsync(string container, string network) =>
        (await DockerAsync("inspect", "-f", $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}", container)).Trim();

    private static async Task<bool> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
