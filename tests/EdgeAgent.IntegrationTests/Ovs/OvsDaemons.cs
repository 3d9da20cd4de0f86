using System.Diagnostics;

namespace EdgeAgent.IntegrationTests.Ovs;

/// <summary>
/// One ovsdb-server and ovs-vswitchd (userspace datapath) with every socket, pid and log file in
/// one directory, so that several run side by side (there is no /var/run/openvswitch here).
/// </summary>
public static class OvsDaemons
{
    public static string Socket(string directory) => Path.Combine(directory, "db.sock");

    /// <summary>Creates the database and starts ovsdb-server, then ovs-vswitchd inside <paramref name="netns"/>.</summary>
    public static async Task StartAsync(string directory, string netns)
    {
        await OvsHost.RunAsync("ovsdb-tool", "create", Path.Combine(directory, "conf.db"), "/usr/share/openvswitch/vswitch.ovsschema");
        await OvsHost.RunAsync("ovsdb-server", Path.Combine(directory, "conf.db"), "--remote=punix:" + Socket(directory), "--pidfile=" + Path.Combine(directory, "ovsdb.pid"),
            "--unixctl=" + Path.Combine(directory, "ovsdb.ctl"), "--detach", "--log-file=" + Path.Combine(directory, "ovsdb.log"));
        await OvsHost.RunAsync("ovs-vsctl", "--db=unix:" + Socket(directory), "--timeout=10", "--no-wait", "init");
        await StartSwitchAsync(directory, netns);
    }

    /// <summary>
    /// Stops ovs-vswitchd with --cleanup (as a reinstall does) and starts it again: the bridges'
    /// interfaces are deleted and created anew, outside any Linux bridge.
    /// </summary>
    public static async Task RestartSwitchAsync(string directory, string netns)
    {
        await OvsHost.RunAsync("ovs-appctl", "-t", Path.Combine(directory, "vswitchd.ctl"), "exit", "--cleanup");
        await DockerHost.EventuallyAsync(() => Task.FromResult(!File.Exists(Path.Combine(directory, "vswitchd.pid"))), TimeSpan.FromSeconds(10), "ovs-vswitchd exits");
        await StartSwitchAsync(directory, netns);
    }

    public static async Task StopAsync(string directory)
    {
        foreach (var pidFile in new[] { "vswitchd.pid", "ovsdb.pid" })
        {
            var path = Path.Combine(directory, pidFile);
            if (File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), out var pid))
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                    await process.WaitForExitAsync();
                }
                catch (ArgumentException)
                {
                    // already gone
                }
            }
        }
    }

    private static Task<string> StartSwitchAsync(string directory, string netns) =>
        OvsHost.RunAsync("ip", "netns", "exec", netns, "ovs-vswitchd", "unix:" + Socket(directory), "--pidfile=" + Path.Combine(directory, "vswitchd.pid"),
            "--unixctl=" + Path.Combine(directory, "vswitchd.ctl"), "--detach", "--log-file=" + Path.Combine(directory, "vswitchd.log"));
}
