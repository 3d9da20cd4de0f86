using System.Buffers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading.Channels;
using EdgeAgent.Configuration;
using EdgeAgent.Core.Fleet;
using EdgeAgent.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using EdgeAgent.Shared;

namespace EdgeAgent.Mqtt;

/// <summary>
/// The device's MQTT 5 session: TLS with its certificate and the fleet CA pinned, a persistent
/// session, QoS 1 subscriptions to its desired, group and trust topics, a retained "offline" last
/// will, and status/events publishing. The connection is owned by one loop that reconnects with
/// capped exponential backoff and jitter; the disconnect handler only wakes that loop.
/// </summary>
internal sealed partial class BrokerSession : BackgroundService, IStatusPublisher
{
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);
    private const int MaxQueuedEvents = 256;
    private const int MaxPemBytes = 1 << 20;

    private readonly string deviceId;
    private readonly Uri broker;
    private readonly BrokerOptions options;
    private readonly IReadOnlyList<string> subscriptions;
    private readonly ReconcileTrigger trigger;
    private readonly TimeProvider time;
    private readonly ILogger<BrokerSession> logger;
    private readonly IMqttClient client;
    private TaskCompletionSource connectionLost = NewConnectionLost();
    private readonly SemaphoreSlim outbox = new(0, 1);
    private readonly Channel<AgentEvent> events = Channel.CreateBounded<AgentEvent>(new BoundedChannelOptions(MaxQueuedEvents) { FullMode = BoundedChannelFullMode.DropOldest });
    private DeviceStatus? pendingStatus;
    private byte[]? publishedStatus; // serialized without its timestamp: what the broker holds

    public BrokerSession(string deviceId, BrokerOptions options, IReadOnlyList<string> subscriptions, ReconcileTrigger trigger, TimeProvider time, ILogger<BrokerSession> logger)
    {
        this.deviceId = deviceId;
        this.options = options;
        broker = new Uri(options.Url ?? throw new ArgumentException("broker.url is required", nameof(options))); // validated with the configuration
        this.subscriptions = [.. subscriptions, Topics.TrustRoot];
        this.trigger = trigger;
        this.time = time;
        this.logger = logger;
        client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            var message = e.ApplicationMessage;
            if (message.Payload.Length == 0)
            {
                // A cleared retained topic is not desired state: it is unsigned, so it cannot remove anything.
                LogEmptyIgnored(message.Topic);
            }
            else if (this.subscriptions.Contains(message.Topic, StringComparer.Ordinal))
            {
                Inbox.Put(message.Topic, message.Payload.ToArray());
                trigger.Request("message on " + message.Topic);
            }

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

    /// <summary>Messages received and not yet taken by the reconcile loop.</summary>
    public InboundMessages Inbox { get; } = new();

    public bool IsConnected => client.IsConnected;

    public void Publish(DeviceStatus status)
    {
        Volatile.Write(ref pendingStatus, status);
        Wake();
    }

    public void Publish(AgentEvent agentEvent)
    {
        events.Writer.TryWrite(agentEvent);
        Wake();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connection = MaintainConnectionAsync(stoppingToken);
        var publishing = PublishLoopAsync(stoppingToken);
        await Task.WhenAll(connection, publishing).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (client.IsConnected)
        {
            try
            {
                // A clean disconnect suppresses the will: say "offline" ourselves.
                await PublishAsync(Topics.OnlineState(deviceId), "offline"u8.ToArray(), retain: true, cancellationToken).ConfigureAwait(false);
                await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDisconnectFailed(ex.Message);
            }
        }
    }

    public override void Dispose()
    {
        client.Dispose();
        outbox.Dispose();
        base.Dispose();
    }

    private async Task MaintainConnectionAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!client.IsConnected)
                {
                    var result = await client.ConnectAsync(BuildOptions(), stoppingToken).ConfigureAwait(false);
                    await SubscribeAsync(stoppingToken).ConfigureAwait(false);
                    await PublishAsync(Topics.OnlineState(deviceId), "online"u8.ToArray(), retain: true, stoppingToken).ConfigureAwait(false);
                    LogConnected(broker.ToString(), result.IsSessionPresent);
                    failures = 0;
                    publishedStatus = null; // the broker may have lost the retained status: publish it again
                    Wake();
                }

                await WhileConnectedAsync(stoppingToken).ConfigureAwait(false);
                LogDisconnected(broker.ToString());
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                LogConnectFailed(broker.ToString(), failures, ex.Message);
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

    /// <summary>
    /// Returns once the client is really disconnected. A disconnect notice is only a hint: a late one
    /// from an earlier attempt must not tear down a healthy session (that was a reconnect loop).
    /// </summary>
    private async Task WhileConnectedAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            var lost = NewConnectionLost();
            Volatile.Write(ref connectionLost, lost);
            if (!client.IsConnected)
            {
                return; // checked after arming: a disconnect from now on completes `lost`
            }

            await lost.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewConnectionLost() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Capped exponential backoff with full jitter in its upper half, so a fleet does not reconnect in lockstep after a broker restart.</summary>
    private static TimeSpan Backoff(int failures)
    {
        var ceiling = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, InitialBackoff.Ticks << Math.Min(failures, 16)));
        return ceiling * (0.5 + (Random.Shared.NextDouble() / 2));
    }

    private async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var topic in subscriptions)
        {
            // Subscribed on every connect, session or not: the retained state is resent, and a
            // redelivered manifest that was already accepted changes nothing.
            builder.WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        var result = await client.SubscribeAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
        foreach (var item in result.Items.Where(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2))
        {
            LogSubscriptionRefused(item.TopicFilter.Topic, item.ResultCode.ToString());
        }
    }

    private async Task PublishLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await outbox.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (!client.IsConnected)
            {
                continue; // the connect loop wakes us again once connected
            }

            try
            {
                while (events.Reader.TryPeek(out var next))
                {
                    await PublishAsync(Topics.Events(deviceId), JsonSerializer.SerializeToUtf8Bytes(next, FleetJsonContext.Default.AgentEvent), retain: false, stoppingToken).ConfigureAwait(false);
                    events.Reader.TryRead(out _);
                }

                if (Volatile.Read(ref pendingStatus) is { } status)
                {
                    // An unchanged device does not republish every pass: compare without the timestamp.
                    var content = JsonSerializer.SerializeToUtf8Bytes(status with { UpdatedAt = DateTimeOffset.UnixEpoch }, FleetJsonContext.Default.DeviceStatus);
                    if (publishedStatus is null || !content.AsSpan().SequenceEqual(publishedStatus))
                    {
                        await PublishAsync(Topics.Status(deviceId), JsonSerializer.SerializeToUtf8Bytes(status, FleetJsonContext.Default.DeviceStatus), retain: true, stoppingToken).ConfigureAwait(false);
                        publishedStatus = content;
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Kept for the next connection: events stay queued, the status slot stays filled.
                LogPublishFailed(ex.Message);
            }
        }
    }

    private async Task PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
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
            throw new InvalidOperationException($"the broker refused {topic}: {result.ReasonCode} {result.ReasonString}");
        }
    }

    private void Wake() => Signal(outbox);

    /// <summary>Sets a one-slot signal; signalling it again before it is taken is a no-op.</summary>
    private static void Signal(SemaphoreSlim signal)
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up handles everything pending.
        }
    }

    private MqttClientOptions BuildOptions()
    {
        // Loaded on every attempt: a renewed certificate is picked up without a restart.
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
            .WithTcpServer(broker.Host, broker.IsDefaultPort || broker.Port <= 0 ? 8883 : broker.Port)
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

    private static string Required(string? value, string key) =>
        value ?? throw new InvalidOperationException($"{key} is required when broker.url is set");

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to {Broker} (session present: {SessionPresent})")]
    private partial void LogConnected(string broker, bool sessionPresent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disconnected from {Broker}; reconnecting")]
    private partial void LogDisconnected(string broker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot connect to {Broker} (attempt {Attempt}): {Error}; running on the last accepted state")]
    private partial void LogConnectFailed(string broker, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The broker refused the subscription to {Topic}: {Code}")]
    private partial void LogSubscriptionRefused(string topic, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing status failed: {Error}; retrying after reconnect")]
    private partial void LogPublishFailed(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring an empty message on {Topic}: clearing a retained topic removes nothing from a device")]
    private partial void LogEmptyIgnored(string topic);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Disconnect failed: {Error}")]
    private partial void LogDisconnectFailed(string error);
}
