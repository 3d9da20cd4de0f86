namespace EdgeAgent.Shared;

/// <summary>The broker answered a QoS 1 publish with a refusal (not authorized, quota exceeded, ...).</summary>
internal sealed class MqttPublishRefusedException : Exception
{
    public MqttPublishRefusedException()
    {
    }

    public MqttPublishRefusedException(string message)
        : base(message)
    {
    }

    public MqttPublishRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
