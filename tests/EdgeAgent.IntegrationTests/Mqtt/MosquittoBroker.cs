extern alias edgectl;

using System.Diagnostics;
using edgectl::EdgeCtl.Commands;

namespace EdgeAgent.IntegrationTests.Mqtt;

/// <summary>
/// A real mosquitto, started with the repository's broker-config files (only the port, the paths
/// and the operator/group lines are test-specific), with a fleet PKI made by the real edgectl.
/// </summary>
public class MosquittoBroker : IAsyncLifetime
{
    private readonly TempDirectory temp = new();
    private Process? process;

    public int Port { get; private set; }
    public string Pki => temp.File("pki");
    public string CaFile => temp.File("pki/ca/ca.pem");

    public string CertFile(string identity) => temp.File($"pki/clients/{identity}.pem");
    public string KeyFile(string identity) => temp.File($"pki/clients/{identity}.key");

    /// <summary>More devices with certificates, for a derived fixture (issued in-process: dozens of processes would dominate).</summary>
    protected virtual IReadOnlyList<string> MoreDevices => [];

    /// <summary>More ACL lines, for a derived fixture.</summary>
    protected virtual string MoreAcl => "";

    /// <summary>The configuration as the fixture runs it: the repository's, for a derived fixture to change.</summary>
    protected virtual string Configure(string config) => config;

    /// <summary>A file in the fixture's own directory.</summary>
    protected string FixtureFile(string name) => temp.File(name);

    public async Task InitializeAsync()
    {
        if (!File.Exists("/usr/sbin/mosquitto"))
        {
            throw new InvalidOperationException("mosquitto is not installed: build/test.sh installs it");
        }

        await LocalServer.EdgeCtlAsync("ca", "init", "--out", temp.File("pki/ca"));
        await LocalServer.EdgeCtlAsync("cert", "issue", "--ca", temp.File("pki/ca"), "--name", "localhost", "--kind", "broker", "--san", "127.0.0.1", "--out", temp.File("pki/broker"));
        foreach (var (name, kind) in new[] { ("pi-01", "device"), ("pi-02", "device"), ("edge-operator", "operator"), ("edge-monitor", "operator") })
        {
            await LocalServer.EdgeCtlAsync("cert", "issue", "--ca", temp.File("pki/ca"), "--name", name, "--kind", kind, "--out", temp.File("pki/clients"));
        }

        foreach (var device in MoreDevices)
        {
            CaCommands.Issue(temp.File("pki/ca"), device, "device", [], 30, temp.File("pki/clients"));
        }

        // A certificate from another CA: must be refused like no certificate at all.
        await LocalServer.EdgeCtlAsync("ca", "init", "--out", temp.File("pki/rogue-ca"));
        await LocalServer.EdgeCtlAsync("cert", "issue", "--ca", temp.File("pki/rogue-ca"), "--name", "pi-01", "--kind", "device", "--out", temp.File("pki/rogue"));

        Port = LocalServer.FreePort();
        var repo = RepositoryRoot();
        var config = File.ReadAllText(Path.Combine(repo, "broker-config/mosquitto.conf"))
            .Replace("listener 8883", $"listener {Port} 127.0.0.1", StringComparison.Ordinal)
            .Replace("/var/lib/mosquitto/", temp.File("data") + "/", StringComparison.Ordinal)
            .Replace("/etc/mosquitto/certs/ca.pem", CaFile, StringComparison.Ordinal)
            .Replace("/etc/mosquitto/certs/broker.pem", temp.File("pki/broker/localhost.pem"), StringComparison.Ordinal)
            .Replace("/etc/mosquitto/certs/broker.key", temp.File("pki/broker/localhost.key"), StringComparison.Ordinal)
            .Replace("/etc/mosquitto/edgeagent.acl", temp.File("edgeagent.acl"), StringComparison.Ordinal);
        Directory.CreateDirectory(temp.File("data"));
        // As root, mosquitto would switch to its own user, which cannot read the test's 0600 keys.
        File.WriteAllText(temp.File("mosquitto.conf"), Configure(config) + "\nuser root\nlog_dest stderr\nlog_type error\nlog_type warning\n");
        File.WriteAllText(
            temp.File("edgeagent.acl"),
            File.ReadAllText(Path.Combine(repo, "broker-config/edgeagent.acl"))
                + "\nuser pi-01\ntopic read edge/v1/groups/demo/desired\ntopic read edge/v1/groups/orchard/desired\nuser pi-02\ntopic read edge/v1/groups/barn/desired\n" + MoreAcl);
        await StartAsync();
    }

    /// <summary>Appends ACL lines and has the running mosquitto reload them (SIGHUP), as an operator would.</summary>
    public void AllowAndReload(string aclLines)
    {
        File.AppendAllText(temp.File("edgeagent.acl"), "\n" + aclLines + "\n");
        using var hangUp = Process.Start("kill", ["-HUP", process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        hangUp.WaitForExit();
    }

    /// <summary>Starts mosquitto with the fixture's configuration, on the same port and data directory as before.</summary>
    public async Task StartAsync()
    {
        if (process is { HasExited: false })
        {
            return;
        }

        process = Process.Start(new ProcessStartInfo("/usr/sbin/mosquitto", ["-c", temp.File("mosquitto.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (!await LocalServer.ListensAsync(Port, TimeSpan.FromSeconds(10)))
        {
            throw new InvalidOperationException($"mosquitto did not listen on 127.0.0.1:{Port}");
        }
    }

    /// <summary>Stops mosquitto as its service manager would (SIGTERM: retained messages are saved).</summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
        }

        process?.Dispose();
        process = null;
    }

    /// <summary>Removes what earlier tests left retained on the fleet's topics (devices pi-01 and pi-02, the trust root).</summary>
    public async Task ClearRetainedAsync()
    {
        await using var operatorClient = await MqttTestClient.ConnectAsync(this, CertFile("edge-operator"), KeyFile("edge-operator"), "edge-operator");
        foreach (var topic in new[] { "edge/v1/trust/root", "edge/v1/groups/demo/desired", "edge/v1/groups/orchard/desired", "edge/v1/groups/barn/desired" }
            .Concat(new[] { "pi-01", "pi-02" }.SelectMany(d => new[] { "desired", "status", "online" }.Select(leaf => $"edge/v1/devices/{d}/{leaf}"))))
        {
            await operatorClient.PublishAsync(topic, "");
        }
    }

    public async Task DisposeAsync()
    {
        await LocalServer.KillAsync(process);
        temp.Dispose();
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeAgent.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
