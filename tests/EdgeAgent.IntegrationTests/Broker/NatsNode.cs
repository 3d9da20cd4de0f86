using System.Diagnostics;
using EdgeAgent.IntegrationTests.Mqtt;

namespace EdgeAgent.IntegrationTests.Broker;

/// <summary>
/// One real NATS server node started from the repository's broker-config/nats/ (edge-1.conf with
/// edgeagent.conf; only ports, paths and route host names are test-specific) and an authorization
/// file made by the real `edgectl broker authorization`, with a fleet PKI made by the real edgectl.
/// Its peers are never started: the tests need its listeners, not a JetStream quorum.
/// </summary>
public sealed class NatsNode : IAsyncLifetime
{
    private readonly TempDirectory temp = new();
    private Process? process;

    public int CorePort { get; } = LocalServer.FreePort();
    public int ClusterPort { get; } = LocalServer.FreePort();

    public string CertFile(string identity) => temp.File($"pki/clients/{identity}.pem");
    public string KeyFile(string identity) => temp.File($"pki/clients/{identity}.key");

    public string CaFile => temp.File("pki/ca/ca.pem");

    public string BrokerCertFile => temp.File("pki/broker/localhost.pem");
    public string BrokerKeyFile => temp.File("pki/broker/localhost.key");

    public string Log => File.Exists(temp.File("server.log")) ? File.ReadAllText(temp.File("server.log")) : "";

    public async Task InitializeAsync()
    {
        if (!File.Exists("/usr/sbin/nats-server"))
        {
            throw new InvalidOperationException("nats-server is not installed: build/test.sh installs it");
        }

        await LocalServer.EdgeCtlAsync("ca", "init", "--out", temp.File("pki/ca"));
        // The broker certificate names localhost: the routes below dial localhost, as production's dial nats-N.example.
        await LocalServer.EdgeCtlAsync("cert", "issue", "--ca", temp.File("pki/ca"), "--name", "localhost", "--kind", "broker", "--san", "127.0.0.1", "--out", temp.File("pki/broker"));
        foreach (var (name, kind) in new[] { ("pi-01", "device"), ("edge-operator", "operator"), ("edge-monitor", "operator") })
        {
            await LocalServer.EdgeCtlAsync("cert", "issue", "--ca", temp.File("pki/ca"), "--name", name, "--kind", kind, "--out", temp.File("pki/clients"));
        }

        await LocalServer.EdgeCtlAsync("broker", "authorization", "--devices", temp.Write("devices.txt", "pi-01 barn\npi-02\n"), "--format", "nats", "--out", temp.File("authorization.conf"));
        var repo = MosquittoBroker.RepositoryRoot();
        var peers = new[] { ClusterPort, LocalServer.FreePort(), LocalServer.FreePort() };
        var config = File.ReadAllText(Path.Combine(repo, "broker-config/nats/edgeagent.conf"))
            .Replace("listen: 127.0.0.1:4222", $"listen: 127.0.0.1:{CorePort}", StringComparison.Ordinal)
            .Replace("http: 127.0.0.1:8222", $"http: 127.0.0.1:{LocalServer.FreePort()}", StringComparison.Ordinal)
            .Replace("listen: 0.0.0.0:6222", $"listen: 127.0.0.1:{ClusterPort}", StringComparison.Ordinal)
            .Replace("listen: 0.0.0.0:8883", $"listen: 127.0.0.1:{LocalServer.FreePort()}", StringComparison.Ordinal)
            .Replace("/var/lib/nats/jetstream", temp.File("jetstream"), StringComparison.Ordinal)
            .Replace("/etc/nats/certs/ca.pem", temp.File("pki/ca/ca.pem"), StringComparison.Ordinal)
            .Replace("/etc/nats/certs/broker.pem", BrokerCertFile, StringComparison.Ordinal)
            .Replace("/etc/nats/certs/broker.key", BrokerKeyFile, StringComparison.Ordinal);
        for (var n = 1; n <= 3; n++)
        {
            config = config.Replace($"nats-route://nats-{n}.example:6222", $"nats-route://localhost:{peers[n - 1]}", StringComparison.Ordinal);
        }

        var unreplaced = config.Split('\n').Where(l => !l.TrimStart().StartsWith('#')).Where(l => l.Contains(".example", StringComparison.Ordinal) || l.Contains("/etc/nats", StringComparison.Ordinal) || l.Contains("0.0.0.0", StringComparison.Ordinal));
        Assert.Empty(unreplaced);
        File.WriteAllText(temp.File("edgeagent.conf"), config);
        File.Copy(Path.Combine(repo, "broker-config/nats/edge-1.conf"), temp.File("edge-1.conf"));
        process = Process.Start(new ProcessStartInfo("/usr/sbin/nats-server", ["-c", temp.File("edge-1.conf"), "-l", temp.File("server.log")]) { UseShellExecute = false })!;
        if (!await LocalServer.ListensAsync(CorePort, TimeSpan.FromSeconds(20)))
        {
            throw new InvalidOperationException($"nats-server did not listen on 127.0.0.1:{CorePort}: {Log}");
        }
    }

    public async Task DisposeAsync()
    {
        await LocalServer.KillAsync(process);
        temp.Dispose();
    }
}
