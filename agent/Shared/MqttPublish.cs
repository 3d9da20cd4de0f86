using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeAgent.Shared;

/// <summary>A QoS 1 publish that fails unless the broker accepted the message, for the agent and edgectl alike.</summary>
internal static class MqttPublish
{
    /// <summary>
    /// Publishes at QoS 1; throws <see cref="MqttPublishRefusedException"/> when the broker refused it.
    /// No subscriber is not a refusal: a retained message is kept for the next one.
    /// </summary>
    public static async Task AtLeastOnceAsync(IMqttClient client, string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var result = await client.PublishAsync(
            new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(retain)
                .Build(),
            cancellationToken).ConfigureAwait(false);
        if (result.ReasonCode is not (MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers))
        {
            throw new MqttPublishRefusedException($"the broker refused {topic}: {result.ReasonCode} {result.ReasonString}");
        }
    }
}
