using EdgeAgent.Configuration;
using EdgeAgent.Core.Intake;
using EdgeAgent.Shared;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeAgent.Mqtt;

/// <summary>
/// The device's MQTT client options for one broker node: TLS with its certificate and only the fleet
/// CA trusted, client id = device id, a persistent session, and a retained "offline" last will. Built
/// on every connect attempt, so a renewed certificate is picked up without a restart.
/// </summary>
internal static class BrokerConnectionOptions
{
    public static MqttClientOptions Build(string deviceId, BrokerSettings broker, BrokerEndpoint endpoint) =>
        BrokerTls.Load(broker.CaFile, broker.CertFile, broker.KeyFile)
            .ClientOptions(endpoint, deviceId)
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
