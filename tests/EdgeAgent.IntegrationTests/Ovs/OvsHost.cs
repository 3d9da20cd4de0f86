using System.Diagnostics;

namespace EdgeAgent.IntegrationTests.Ovs;

/// <summary>
/// A real ovsdb-server and ovs-vswitchd (userspace datapath) of the test's own, inside a network
/// namespace the fixture creates, so that the bridges' interfaces never appear on the host.
/// The database socket is a file, reachable from the tests and the agent as they run.
/// </summary>
public sealed class OvsHost : IAsyncLifetime
{
    private readonly TempDirectory temp = new();

    public string Namespace { get; } = "edgeagent-ovs-" + Guid.NewGuid().ToString("N")[..6];
    public string Socket => OvsDaemons.Socket(temp.Path);
    public string Endpoint => "unix:" + Socket;

    public async Task InitializeAsync()
    {
        if (!File.Exists("/usr/sbin/ovsdb-server"))
        {
            throw new InvalidOperationException("Open vSwitch is not installed: build/test.sh installs it");
        }

        await RunAsync("ip", "netns", "add", Namespace);
        await RunAsync("ip", "netns", "exec", Namespace, "ip", "link", "set", "lo", "up");
        await OvsDaemons.StartAsync(temp.Path, Namespace);
    }

    public async Task DisposeAsync()
    {
        await OvsDaemons.StopAsync(temp.Path);
        await RunAsync("ip", "netns", "delete", Namespace);
        temp.Dispose();
    }

    /// <summary>ovs-vsctl against this database; returns stdout.</summary>
    public Task<string> VsctlAsync(params string[] args) => RunAsync("ovs-vsctl", ["--db=unix:" + Socket, "--timeout=10", .. args]);

    /// <summary>Bridge, port and interface rows as ovs-vsctl sees them, for before/after comparisons.</summary>
    public async Task<string> DumpAsync() =>
        await VsctlAsync("--format=csv", "--columns=name,ports,external_ids", "list", "Bridge")
        + await VsctlAsync("--format=csv", "--columns=name,interfaces,tag,external_ids", "list", "Port")
        + await VsctlAsync("--format=csv", "--columns=name,type,options,external_ids", "list", "Interface");

    /// <summary>Runs a command inside the namespace (where the bridges' interfaces live).</summary>
    public Task<string> InNamespaceAsync(params string[] command) => RunAsync("ip", ["netns", "exec", Namespace, .. command]);

    public async Task<string[]> PortsAsync(string bridge) =>
        (await VsctlAsync("list-ports", bridge)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static async Task<string> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }
}
