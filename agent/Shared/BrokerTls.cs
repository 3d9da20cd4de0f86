using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;

namespace EdgeAgent.Shared;

/// <summary>
/// TLS to a broker, the same for the agent and edgectl: only the fleet CA trusted (never the system
/// store), the caller's certificate as its identity, TLS 1.2 or 1.3.
/// </summary>
internal sealed class BrokerTls
{
    private const int MaxPemBytes = 1 << 20;

    private readonly X509Certificate2 ca;
    private readonly X509Certificate2 identity;

    private BrokerTls(X509Certificate2 ca, X509Certificate2 identity)
    {
        this.ca = ca;
        this.identity = identity;
    }

    /// <summary>
    /// Reads the fleet CA and the certificate with its key (PEM files, each at most 1 MiB); throws
    /// <see cref="IOException"/>, <see cref="UnauthorizedAccessException"/> or
    /// <see cref="System.Security.Cryptography.CryptographicException"/> naming what is wrong.
    /// </summary>
    public static BrokerTls Load(string caFile, string certFile, string keyFile) =>
        new(
            X509Certificate2.CreateFromPem(RegularFile.ReadAllText(caFile, MaxPemBytes)),
            X509Certificate2.CreateFromPem(RegularFile.ReadAllText(certFile, MaxPemBytes), RegularFile.ReadAllText(keyFile, MaxPemBytes)));

    /// <summary>Options for an MQTT 5 connection to <paramref name="endpoint"/> as <paramref name="clientId"/> over this TLS; the caller adds its timeout, session and will.</summary>
    public MqttClientOptionsBuilder ClientOptions(BrokerEndpoint endpoint, string clientId)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var tls = new MqttClientTlsOptionsBuilder()
            .WithTrustChain([ca])
            .WithClientCertificates([identity])
            .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
            .Build();
        return new MqttClientOptionsBuilder()
            .WithTcpServer(endpoint.Host, endpoint.Port)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500) // MqttConnect speaks 3.1.1 where configured or refused
            .WithTlsOptions(tls);
    }
}
