using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using EdgeAgent.Core.Intake;
using EdgeAgent.IntegrationTests.Agent;
using EdgeAgent.IntegrationTests.Mqtt;

namespace EdgeAgent.IntegrationTests.Fleet;

/// <summary>
/// Every long-running edgectl command (the real program, EDGECTL_BIN in CI) stops on SIGINT and on
/// SIGTERM whatever the broker is doing: up, gone (nothing listens), silent after the MQTT connect
/// (<see cref="SilentBroker"/>), or mute (accepts TCP and never speaks TLS). It exits 130 or 143 with
/// one line saying so and no stack trace. The bound on "exited" is generous; the command, not a timer,
/// is what is checked.
/// </summary>
public sealed class EdgeCtlSignalTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IDisposable
{
    private static readonly TimeSpan Exited = TimeSpan.FromSeconds(15);
    private static readonly string[] Commands = ["fleet status --watch", "fleet serve", "rollout start", "logs --follow"];
    private static readonly string[] Brokers = ["up", "gone", "silent", "mute"];

    private readonly TempDirectory temp = new();
    private readonly ECDsa opKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static TheoryData<string, string, string> Cases()
    {
        var cases = new TheoryData<string, string, string>();
        foreach (var command in Commands)
        {
            // `logs` does not retry: with nothing listening it fails at once by itself (exit 1).
            foreach (var state in Brokers.Where(b => !(command == "logs --follow" && b == "gone")))
            {
                cases.Add(command, state, "INT");
                cases.Add(command, state, "TERM");
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_long_running_command_exits_on_the_signal_with_its_exit_code_whatever_the_broker_does(string command, string state, string signal)
    {
        await using var silent = new SilentBroker(Path.Combine(broker.Pki, "broker/localhost.pem"), Path.Combine(broker.Pki, "broker/localhost.key"));
        using var mute = new MuteListener();
        var group = "sig-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var url = state switch
        {
            "up" => $"mqtts://localhost:{broker.Port}",
            "gone" => $"mqtts://127.0.0.1:{ClosedPort()}",
            "silent" => $"mqtts://127.0.0.1:{silent.Port}",
            _ => $"mqtts://127.0.0.1:{mute.Port}",
        };
        await using var device = state == "up" && command == "logs --follow" ? await ListeningDeviceAsync() : null;
        if (state == "up" && command == "rollout start")
        {
            await PublishAsync(Topics.GroupDesired(group), Envelope(group, 1));
        }

        using var edgectl = AgentProcess.StartEdgeCtl([.. await ArgumentsAsync(command, group), "--broker", url, "--ca", broker.CaFile, "--cert", broker.CertFile("edge-operator"), "--key", broker.KeyFile("edge-operator")]);
        await DockerHost.EventuallyAsync(
            () => Task.FromResult(edgectl.HasExited || state switch
            {
                "up" when command == "logs --follow" => !device!.Received.IsEmpty,
                "up" => edgectl.Stdout.Length > 0,
                "gone" => edgectl.Stderr.Contains("retrying", StringComparison.Ordinal),
                "silent" => silent.Connects > 0,
                _ => mute.Accepted > 0,
            }),
            TimeSpan.FromSeconds(60),
            $"edgectl {command} at work against a broker that is {state}");
        Assert.False(edgectl.HasExited, $"edgectl {command} ended by itself:\n{edgectl.Stdout}\n{edgectl.Stderr}");

        var exit = await edgectl.SignalAsync(signal, Exited);

        var output = $"edgectl {command}, broker {state}, SIG{signal}: exit {exit}\n{edgectl.Stdout}\n{edgectl.Stderr}";
        Assert.True(exit == (signal == "INT" ? 130 : 143), output);
        Assert.EndsWith(signal == "INT" ? "edgectl: interrupted" : "edgectl: terminated", edgectl.Stderr.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", edgectl.Stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        opKey.Dispose();
        temp.Dispose();
    }

    private async Task<string[]> ArgumentsAsync(string command, string group)
    {
        switch (command)
        {
            case "fleet status --watch":
                return ["fleet", "status", "--watch"];
            case "fleet serve":
                return ["fleet", "serve", "--listen", $"127.0.0.1:{ClosedPort()}"];
            case "rollout start":
                File.WriteAllText(temp.File($"{group}.dsse.json"), Envelope(group, 2));
                return ["rollout", "start", "--in", temp.File($"{group}.dsse.json"), "--group", group, "--device", "pi-01"];
            default:
                if (!File.Exists(temp.File("requests.pem")))
                {
                    Assert.Equal(0, (await AgentProcess.RunEdgeCtlAsync("key", "generate", "--out", temp.File("requests.pem"))).ExitCode);
                }

                return ["logs", "--device", "pi-01", "--app", "web", "--follow", "--sign-key", temp.File("requests.pem")];
        }
    }

    /// <summary>pi-01 listening on its requests topic: `logs` has asked once something arrives (no agent answers).</summary>
    private async Task<MqttTestClient> ListeningDeviceAsync()
    {
        var device = await MqttTestClient.ConnectAsync(broker, broker.CertFile("pi-01"), broker.KeyFile("pi-01"), "pi-01");
        await device.SubscribeAsync(Topics.Requests("pi-01"));
        return device;
    }

    private async Task PublishAsync(string topic, string payload)
    {
        await using var client = await MqttTestClient.ConnectAsync(broker, broker.CertFile("edge-operator"), broker.KeyFile("edge-operator"), "edge-operator-test");
        Assert.True(Published(await client.PublishAsync(topic, payload, retain: true)));
    }

    private string Envelope(string group, long version) => Encoding.UTF8.GetString(DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, Encoding.UTF8.GetBytes($$"""
        {
          "apiVersion": "edge/v1", "kind": "Manifest",
          "metadata": { "name": "{{group}}", "version": {{version}}, "issuedAt": "{{DateTimeOffset.UtcNow.AddMinutes(-1):yyyy-MM-ddTHH:mm:ssZ}}", "expiresAt": "2036-01-01T00:00:00Z",
                        "target": { "groups": ["{{group}}"] } },
          "spec": { "apps": { "web": { "image": "edgeagent/busybox:1.35", "command": ["sleep", "3600"] } } }
        }
        """), [opKey])));

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Accepts TCP connections and never says a word (a half-dead broker host): TLS waits forever.</summary>
    private sealed class MuteListener : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> held = [];
        private int accepted;

        public MuteListener()
        {
            listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public int Accepted => Volatile.Read(ref accepted);

        public void Dispose()
        {
            listener.Stop();
            lock (held)
            {
                held.ForEach(s => s.Dispose());
            }
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var socket = await listener.AcceptSocketAsync();
                    lock (held)
                    {
                        held.Add(socket);
                    }

                    Interlocked.Increment(ref accepted);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // stopped
            }
        }
    }

    /// <summary>Accepted by the broker (retained; nobody need be subscribed).</summary>
    private static bool Published(MQTTnet.MqttClientPublishReasonCode code) =>
        code is MQTTnet.MqttClientPublishReasonCode.Success or MQTTnet.MqttClientPublishReasonCode.NoMatchingSubscribers;
}
