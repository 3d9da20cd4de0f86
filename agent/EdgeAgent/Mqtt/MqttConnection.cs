using EdgeAgent.Configuration;
using EdgeAgent.Core.Intake;
using EdgeAgent.ManifestSources;
using EdgeAgent.Shared;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;

namespace EdgeAgent.Mqtt;

/// <summary>
/// The device's one MQTT connection, owned by one loop: connect, subscribe (QoS 1, on every connect,
/// so retained state always arrives), say "online", then wait until really disconnected and reconnect
/// with capped exponential backoff and jitter. The disconnect handler only wakes that loop. With
/// several broker nodes, the device goes through them in its own shuffled order, moving on after
/// every failed attempt or lost connection, so it leaves a dead node for a live one.
/// </summary>
internal sealed partial class MqttConnection : IDisposable
{
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    private readonly string deviceId;
    private readonly BrokerSettings broker;
    private readonly IReadOnlyList<string> subscriptions;
    private readonly Action announced;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly IMqttClient client;
    private readonly IReadOnlyList<BrokerEndpoint> endpoints;
    private readonly HashSet<BrokerEndpoint> refusedMqtt5 = [];
    private int next;
    private TaskCompletionSource connectionLost = NewConnectionLost();

    /// <param name="deviceId">Client id and the online/will topic's device.</param>
    /// <param name="broker">The broker and the TLS files.</param>
    /// <param name="subscriptions">Topics to subscribe to on every connect.</param>
    /// <param name="inbound">Where received messages go.</param>
    /// <param name="announced">Called after saying "online" (each connect and each refresh): the retained status is to be published again.</param>
    /// <param name="time">The clock the backoff waits on.</param>
    /// <param name="logger">Connection events.</param>
    public MqttConnection(string deviceId, BrokerSettings broker, IReadOnlyList<string> subscriptions, InboundMessages inbound, Action announced, TimeProvider time, ILogger logger)
    {
        this.deviceId = deviceId;
        this.broker = broker;
        this.subscriptions = subscriptions;
        this.announced = announced;
        this.time = time;
        this.logger = logger;
        endpoints = BrokerEndpoint.Shuffled(broker.Endpoints, Random.Shared);
        client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            inbound.Route(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload);
            return Task.CompletedTask;
        };
        client.DisconnectedAsync += _ =>
        {
            // Only wake the owning loop: reconnecting from inside this handler races MQTTnet's own
            // teardown. MQTTnet raises this event on a background task, also after a failed connect
            // attempt, so it may arrive late: the loop treats it as a hint and checks the client.
            Volatile.Read(ref connectionLost).TrySetResult();
            return Task.CompletedTask;
        };
    }

    public bool IsConnected => client.IsConnected;

    public async Task MaintainAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        IReadOnlyList<string> refused = [];
        while (!stoppingToken.IsCancellationRequested)
        {
            var endpoint = endpoints[next % endpoints.Count];
            try
            {
                if (!client.IsConnected)
                {
                    var protocol = refusedMqtt5.Contains(endpoint) ? BrokerProtocol.Mqtt311 : broker.Protocol;
                    var (result, version) = await MqttConnect.ConnectAsync(client, BrokerConnectionOptions.Build(deviceId, broker, endpoint), protocol, stoppingToken).ConfigureAwait(false);
                    if (version != MqttProtocolVersion.V500 && broker.Protocol == BrokerProtocol.Mqtt5 && refusedMqtt5.Add(endpoint))
                    {
                        LogFellBack(endpoint.Url);
                    }

                    refused = await SubscribeAsync(subscriptions, stoppingToken).ConfigureAwait(false);
                    await AnnounceAsync(stoppingToken).ConfigureAwait(false);
                    LogConnected(endpoint.Url, result.IsSessionPresent);
                    failures = 0;
                }

                await WhileConnectedAsync(refused, stoppingToken).ConfigureAwait(false);
                LogDisconnected(endpoint.Url);
                next++; // the node may be gone: the next attempt goes to the next one
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                next++;
                LogConnectFailed(endpoint.Url, failures, ex.Message);
                if (client.IsConnected)
                {
                    // Connected but the subscription or online message failed: start over cleanly.
                    await client.DisconnectAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
                }
            }

            try
            {
                await Task.Delay(Backoff(failures), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Publishes at QoS 1; throws <see cref="MqttPublishRefusedException"/> unless the broker accepted it.</summary>
    public Task PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken) =>
        MqttPublish.AtLeastOnceAsync(client, topic, payload, retain, cancellationToken);

    /// <summary>A clean stop: says "offline" (a clean disconnect suppresses the will) and disconnects.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            await PublishAsync(Topics.OnlineState(deviceId), "offline"u8.ToArray(), retain: true, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDisconnectFailed(ex.Message);
        }
    }

    public void Dispose() => client.Dispose();

    /// <summary>Says "online" (retained) and has the status republished: after every connect and every refresh, in case the broker lost either.</summary>
    private async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        await PublishAsync(Topics.OnlineState(deviceId), "online"u8.ToArray(), retain: true, cancellationToken).ConfigureAwait(false);
        announced();
    }

    private static TaskCompletionSource NewConnectionLost() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Capped exponential backoff with full jitter in its upper half, so a fleet does not reconnect in lockstep after a broker restart.</summary>
    private static TimeSpan Backoff(int failures)
    {
        var ceiling = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, InitialBackoff.Ticks << Math.Min(failures, 16)));
        return ceiling * (0.5 + (Random.Shared.NextDouble() / 2));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to {Broker} (session present: {SessionPresent})")]
    private partial void LogConnected(string broker, bool sessionPresent);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Broker} does not speak MQTT 5: using MQTT 3.1.1 with it")]
    private partial void LogFellBack(string broker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disconnected from {Broker}; reconnecting")]
    private partial void LogDisconnected(string broker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot connect to {Broker} (attempt {Attempt}): {Error}; running on the last accepted state")]
    private partial void LogConnectFailed(string broker, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Disconnect or resubscription failed: {Error}")]
    private partial void LogDisconnectFailed(string error);
}
