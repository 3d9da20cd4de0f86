namespace EdgeAgent.Shared;

/// <summary>The broker answered the CONNECT with a refusal (not authorized, unavailable, ...).</summary>
internal sealed class MqttConnectRefusedException : Exception
{
    public MqttConnectRefusedException()
    {
    }

    public MqttConnectRefusedException(string message)
        : base(message)
    {
    }

    public MqttConnectRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
