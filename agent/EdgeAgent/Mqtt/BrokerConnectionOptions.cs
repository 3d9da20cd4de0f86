using System.Security.Cryptography.X509Certificates;
using EdgeAgent.Configuration;
using EdgeAgent.Core.Intake;
using EdgeAgent.Shared;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeAgent.Mqtt;

/// <summary>
/// The device's MQTT 5 client options: TLS with its certificate and only the fleet CA trusted, client
/// id = device id, a persistent session, and a retained "offline" last will. Built on every connect
/// attempt, so a renewed certificate is picked up without a restart.
/// </summary>
internal static class BrokerConnectionOptions
{
    private const int MaxPemBytes = 1 << 20;

    public static MqttClientOptions Build(string deviceId, Uri broker, BrokerOptions options)
    {
        var ca = X509Certificate2.CreateFromPem(RegularFile.ReadAllText(Required(options.CaFile, "broker.caFile"), MaxPemBytes));
        var identity = X509Certificate2.CreateFromPem(
            RegularFile.ReadAllText(Required(options.CertFile, "broker.certFile"), MaxPemBytes),
            RegularFile.ReadAllText(Required(options.KeyFile, "broker.keyFile"), MaxPemBytes));
        var tls = new MqttClientTlsOptionsBuilder()
            .WithTrustChain([ca])
            .WithClientCertificates([identity])
            .WithSslProtocols(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13)
            .Build();
        return new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, Port(broker))
            .WithClientId(deviceId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTlsOptions(tls)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)TimeSpan.FromDays(7).TotalSeconds)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(15))
            .WithWillTopic(Topics.OnlineState(deviceId))
            .WithWillPayload("offline"u8.ToArray())
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
    }

    /// <summary>The broker's port; 8883 (MQTT over TLS) when the URL names none.</summary>
    public static int Port(Uri broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return broker.IsDefaultPort || broker.Port <= 0 ? 8883 : broker.Port;
    }

    private static string Required(string? value, string key) =>
        value ?? throw new InvalidOperationException($"{key} is required when broker.url is set");
}
