using System.Security.Cryptography.X509Certificates;
using EdgeAgent.Configuration;
using EdgeAgent.Core.Intake;
using EdgeAgent.Shared;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeAgent.Mqtt;

/// <summary>
/// The device's MQTT client options for one broker node: TLS with its certificate and only the fleet
/// CA trusted, client id = device id, a persistent session, and a retained "offline" last will. Built
/// on every connect attempt, so a renewed certificate is picked up without a restart.
/// </summary>
internal static class BrokerConnectionOptions
{
    private const int MaxPemBytes = 1 << 20;

    public static MqttClientOptions Build(string deviceId, BrokerSettings broker, BrokerEndpoint endpoint)
    {
        var ca = X509Certificate2.CreateFromPem(RegularFile.ReadAllText(broker.CaFile, MaxPemBytes));
        var identity = X509Certificate2.CreateFromPem(
            RegularFile.ReadAllText(broker.CertFile, MaxPemBytes),
            RegularFile.ReadAllText(broker.KeyFile, MaxPemBytes));
        var tls = new MqttClientTlsOptionsBuilder()
            .WithTrustChain([ca])
            .WithClientCertificates([identity])
            .WithSslProtocols(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13)
            .Build();
        return new MqttClientOptionsBuilder()
            .WithTcpServer(endpoint.Host, endpoint.Port)
            .WithClientId(deviceId)
            .WithProtocolVersion(MqttProtocolVersion.V500) // MqttConnect speaks 3.1.1 where configured or refused
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
}
