namespace EdgeAgent.Shared;

/// <summary>The names of <see cref="BrokerProtocol"/> in configuration and on the command line.</summary>
internal static class BrokerProtocols
{
    public const string Names = "mqtt5 or mqtt311";

    /// <summary>The protocol named by <paramref name="name"/> (unset: MQTT 5), or null when it names none.</summary>
    public static BrokerProtocol? Parse(string? name) => name switch
    {
        null or "mqtt5" => BrokerProtocol.Mqtt5,
        "mqtt311" => BrokerProtocol.Mqtt311,
        _ => null,
    };

    public static string Name(this BrokerProtocol protocol) => protocol == BrokerProtocol.Mqtt311 ? "mqtt311" : "mqtt5";
}
