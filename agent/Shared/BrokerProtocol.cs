namespace EdgeAgent.Shared;

/// <summary>The MQTT version spoken to the broker (README "The fleet over MQTT", "MQTT 3.1.1").</summary>
internal enum BrokerProtocol
{
    /// <summary>MQTT 5, falling back to 3.1.1 on its own when the broker refuses version 5.</summary>
    Mqtt5,

    /// <summary>MQTT 3.1.1 only: brokers that speak nothing newer (NATS server's MQTT).</summary>
    Mqtt311,
}
