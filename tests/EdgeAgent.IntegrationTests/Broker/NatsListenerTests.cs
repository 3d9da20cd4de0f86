namespace EdgeAgent.IntegrationTests.Broker;

/// <summary>
/// broker-config/nats on a real node: every listener authenticates by a certificate of the right kind.
/// The generated users have no password (their certificate is the credential), so a listener that
/// took a user name alone would let anyone on the host be an operator.
/// </summary>
public sealed class NatsListenerTests(NatsNode node) : IClassFixture<NatsNode>
{
    /// <summary>What an operator would do on core NATS: read every device's answers and write a rollout topic.</summary>
    private const string OperatorTraffic = "SUB edge.v1.> 1\r\nPUB edge.v1.devices.pi-01.rollout.barn 5\r\nhello\r\n";

    private (string, string) Identity(string name) => (node.CertFile(name), node.KeyFile(name));

    public static TheoryData<string> ForgedConnects() => new()
    {
        """{"verbose":false,"user":"CN=edge-operator"}""",
        """{"verbose":false,"user":"CN=edge-operator","pass":""}""",
        """{"verbose":false,"user":"CN=edge-monitor","pass":""}""",
        """{"verbose":false,"user":"CN=pi-01","pass":""}""",
        """{"verbose":false,"user":"CN=edge-operator","pass":"x"}""",
        """{"verbose":false}""",
    };

    [Theory]
    [MemberData(nameof(ForgedConnects))]
    public async Task The_core_listener_refuses_a_client_that_only_names_a_user(string connect)
    {
        foreach (var (how, said) in new[]
        {
            ("in the clear", await NatsWire.ExchangeAsync(node.CorePort, node.CaFile, $"CONNECT {connect}\r\n{OperatorTraffic}", plain: true)),
            ("over TLS without a certificate", await NatsWire.ExchangeAsync(node.CorePort, node.CaFile, $"CONNECT {connect}\r\n{OperatorTraffic}")),
            ("over TLS with a device certificate", await NatsWire.ExchangeAsync(node.CorePort, node.CaFile, $"CONNECT {connect}\r\n{OperatorTraffic}", certificate: Identity("pi-01"))),
        })
        {
            Assert.False(NatsWire.Accepted(said), $"{how}, CONNECT {connect}: {said}");
            Assert.DoesNotContain("MSG edge.v1.", said, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task On_the_core_listener_only_an_operator_certificate_is_let_in()
    {
        foreach (var (who, certificate) in new[] { ("device pi-01", Identity("pi-01")), ("monitor", Identity("edge-monitor")), ("broker", (node.BrokerCertFile, node.BrokerKeyFile)) })
        {
            var said = await NatsWire.ExchangeAsync(node.CorePort, node.CaFile, "CONNECT {\"verbose\":false}\r\n" + OperatorTraffic, certificate: certificate);
            Assert.False(NatsWire.Accepted(said), $"{who}: {said}");
            Assert.DoesNotContain("MSG edge.v1.", said, StringComparison.Ordinal);
        }

        // The operator's own tooling works: the listener is usable, not merely closed.
        var operatorSaid = await NatsWire.ExchangeAsync(node.CorePort, node.CaFile, "CONNECT {\"verbose\":false}\r\n" + OperatorTraffic, certificate: Identity("edge-operator"));
        Assert.True(NatsWire.Accepted(operatorSaid), operatorSaid);
        Assert.Contains("MSG edge.v1.devices.pi-01.rollout.barn 1 5\r\nhello", operatorSaid, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cluster_port_takes_a_route_only_with_a_broker_certificate_of_a_route_host()
    {
        const string route = "CONNECT {\"verbose\":false,\"pedantic\":false,\"tls_required\":true,\"name\":\"rogue\",\"cluster\":\"edge\"}\r\n";
        foreach (var (who, certificate) in new (string, (string, string)?)[] { ("no certificate", null), ("device pi-01", Identity("pi-01")), ("operator", Identity("edge-operator")), ("monitor", Identity("edge-monitor")) })
        {
            var said = await NatsWire.ExchangeAsync(node.ClusterPort, node.CaFile, route, tlsFirst: true, certificate: certificate);
            Assert.False(NatsWire.Accepted(said), $"{who} joined the cluster: {said}");
        }

        var broker = await NatsWire.ExchangeAsync(node.ClusterPort, node.CaFile, route, tlsFirst: true, certificate: (node.BrokerCertFile, node.BrokerKeyFile));
        Assert.True(NatsWire.Accepted(broker), broker);
    }

    [Fact]
    public void The_shipped_configuration_has_no_listener_without_a_certificate()
    {
        var lines = File.ReadAllLines(Path.Combine(Mqtt.MosquittoBroker.RepositoryRoot(), "broker-config/nats/edgeagent.conf"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(2, lines.Count(l => l == "verify_and_map: true")); // core and MQTT
        Assert.Single(lines, l => l == "verify_cert_and_check_known_urls: true"); // routes
        Assert.DoesNotContain(lines, l => l.StartsWith("verify:", StringComparison.Ordinal) || l.StartsWith("no_auth_user", StringComparison.Ordinal));
        // Monitoring has no authentication in NATS: loopback only. No other listener exists.
        Assert.Contains("http: 127.0.0.1:8222", lines);
        Assert.DoesNotContain(lines, l => l.Split([' ', ':', '{'])[0] is "https" or "websocket" or "leafnodes" or "leaf" or "gateway" or "monitor_port" or "http_port" or "port");
    }
}
