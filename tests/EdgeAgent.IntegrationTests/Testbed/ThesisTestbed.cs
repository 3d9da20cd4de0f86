using System.Diagnostics;
using EdgeAgent.IntegrationTests.Ovs;

namespace EdgeAgent.IntegrationTests.Testbed;

/// <summary>
/// The thesis's testbed on one machine: three devices (network namespaces, each with its own
/// dockerd and Open vSwitch) cabled to one LAN (a Linux bridge in a fourth namespace). The LAN
/// also holds the management endpoint the agents probe for commit-confirm, at 192.168.77.254:8080,
/// standing in for the broker: what matters is whether the device can still reach it.
/// </summary>
public sealed class ThesisTestbed : IAsyncLifetime
{
    public const string Image = "edgeagent/busybox:1.35";
    public const string ManagementEndpoint = "192.168.77.254:8080";

    private readonly TempDirectory temp = new();
    private readonly string suffix = Guid.NewGuid().ToString("N")[..5];
    private Process? management;

    public ThesisTestbed()
    {
        Devices = [.. Enumerable.Range(1, 3).Select(i => new TestbedDevice(i, suffix, temp.Path))];
    }

    public string Lan => "edgeagent-lan-" + suffix;
    public IReadOnlyList<TestbedDevice> Devices { get; }

    public string File(string name) => temp.File(name);

    public async Task InitializeAsync()
    {
        foreach (var program in new[] { "/usr/sbin/ovsdb-server", "/usr/sbin/dockerd", "/usr/sbin/ethtool" })
        {
            if (!System.IO.File.Exists(program))
            {
                throw new InvalidOperationException($"{program} is not installed: build/test.sh installs it");
            }
        }

        await OvsHost.RunAsync("ip", "netns", "add", Lan);
        foreach (var command in new[] { new[] { "ip", "link", "set", "lo", "up" }, ["ip", "link", "add", "lan", "type", "bridge"],
            ["ip", "addr", "add", "192.168.77.254/24", "dev", "lan"], ["ip", "link", "set", "lan", "up"] })
        {
            await InLanAsync(command);
        }

        Directory.CreateDirectory(temp.File("www"));
        System.IO.File.WriteAllText(temp.File("www/index.html"), "management");
        management = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", Lan, "busybox", "httpd", "-f", "-p", ManagementEndpoint, "-h", temp.File("www")]) { UseShellExecute = false })!;

        await Task.WhenAll(Devices.Select(d => d.StartAsync(Lan, Image)));
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(Devices.Select(d => d.StopAsync()));
        if (management is { HasExited: false })
        {
            management.Kill(entireProcessTree: true);
            await management.WaitForExitAsync();
        }

        management?.Dispose();
        await OvsHost.RunAsync("ip", "netns", "delete", Lan);
        temp.Dispose();
    }

    /// <summary>Runs a command in the LAN namespace.</summary>
    public Task<string> InLanAsync(params string[] command) => OvsHost.RunAsync("ip", ["netns", "exec", Lan, .. command]);
}
