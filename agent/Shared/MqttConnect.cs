using MQTTnet;
using MQTTnet.Formatter;

namespace EdgeAgent.Shared;

/// <summary>
/// Connects speaking MQTT 5, or 3.1.1 when configured or when the broker refuses 5: an MQTT 3 broker
/// answers a version 5 CONNECT with return code 1 ("unacceptable protocol version", MQTT 3.1.1
/// §3.1.2.2; NATS server does), which MQTTnet hands back as a result rather than an exception.
/// Nothing the fleet relies on is MQTT 5 only: the session expiry is its one v5 setting, and under
/// 3.1.1 a session without clean start lasts as long as the broker keeps it.
/// </summary>
internal static class MqttConnect
{
    private const MqttClientConnectResultCode UnacceptableProtocolVersion311 = (MqttClientConnectResultCode)1;

    /// <summary>
    /// Connects with <paramref name="options"/> (written for MQTT 5), in the version <paramref name="protocol"/>
    /// asks for or the one the broker accepts; returns the version spoken. Throws when refused.
    /// </summary>
    public static async Task<(MqttClientConnectResult Result, MqttProtocolVersion Version)> ConnectAsync(
        IMqttClient client, MqttClientOptions options, BrokerProtocol protocol, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var version = protocol == BrokerProtocol.Mqtt311 ? MqttProtocolVersion.V311 : MqttProtocolVersion.V500;
        var result = await client.ConnectAsync(WithVersion(options, version), cancellationToken).ConfigureAwait(false);
        if (version == MqttProtocolVersion.V500 && RefusedVersion(result.ResultCode))
        {
            version = MqttProtocolVersion.V311;
            result = await client.ConnectAsync(WithVersion(options, version), cancellationToken).ConfigureAwait(false);
        }

        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new MqttConnectRefusedException($"the broker refused the connection: {Describe(result.ResultCode)}{(string.IsNullOrEmpty(result.ReasonString) ? "" : " (" + result.ReasonString + ")")}");
        }

        return (result, version);
    }

    /// <summary>True for both ways a broker says it does not speak MQTT 5.</summary>
    public static bool RefusedVersion(MqttClientConnectResultCode code) =>
        code is UnacceptableProtocolVersion311 or MqttClientConnectResultCode.UnsupportedProtocolVersion;

    private static MqttClientOptions WithVersion(MqttClientOptions options, MqttProtocolVersion version)
    {
        options.ProtocolVersion = version;
        if (version != MqttProtocolVersion.V500)
        {
            options.SessionExpiryInterval = 0; // an MQTT 5 property: under 3.1.1 the broker decides how long a session lasts
        }

        return options;
    }

    private static string Describe(MqttClientConnectResultCode code) => code switch
    {
        (MqttClientConnectResultCode)2 => "identifier rejected",
        (MqttClientConnectResultCode)3 => "server unavailable",
        (MqttClientConnectResultCode)4 => "bad user name or password",
        (MqttClientConnectResultCode)5 => "not authorized",
        _ => code.ToString(),
    };
}
