using System.Buffers;
using EdgeAgent.Shared;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeCtl;

/// <summary>The operator's MQTT connection (5, or 3.1.1 where the broker speaks only that): TLS with the operator certificate, the fleet CA pinned.</summary>
internal sealed class BrokerConnection : IAsyncDisposable
{
    /// <summary>
    /// edgectl subscribes at QoS 0. Its session is clean, so QoS 1 would queue nothing while it is
    /// away, and a connected client gets QoS 0 as surely (retained state on every subscribe, then
    /// live messages) within the same broker queue limit. On a NATS cluster each QoS 1
    /// subscription is a JetStream consumer created and deleted through the meta leader: an
    /// operator's script polling `fleet status` every second kept it so busy that the nodes'
    /// own retained-message consumers, recreated at each node restart, timed out and stalled.
    /// </summary>
    private const MqttQualityOfServiceLevel SubscribeQos = MqttQualityOfServiceLevel.AtMostOnce;

    private readonly IMqttClient client;

    private readonly TaskCompletionSource disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BrokerConnection(IMqttClient client)
    {
        this.client = client;
        client.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };
    }

    /// <summary>Completes when the broker closes the connection.</summary>
    public Task Disconnected => disconnected.Task;

    /// <summary>Subscribes (at <see cref="SubscribeQos"/>); <paramref name="onMessage"/> receives every message, retained ones first.</summary>
    public async Task SubscribeAsync(IEnumerable<string> topics, Action<string, byte[]> onMessage, CancellationToken cancellationToken)
    {
        client.ApplicationMessageReceivedAsync += e =>
        {
            onMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        await SubscribeMoreAsync(topics, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>More topics for the handler given to <see cref="SubscribeAsync"/>.</summary>
    public async Task SubscribeMoreAsync(IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var topic in topics)
        {
            builder.WithTopicFilter(topic, SubscribeQos);
        }

        var result = await client.SubscribeAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
        if (result.Items.FirstOrDefault(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2) is { } refused)
        {
            throw CliException.Failed($"the broker refused the subscription to {refused.TopicFilter.Topic}: {refused.ResultCode}");
        }
    }

    /// <summary>
    /// Connects to the first of <paramref name="endpoints"/> that answers, in random order (so that
    /// operators spread over a cluster's nodes); fails naming each node's error when none does.
    /// </summary>
    public static async Task<BrokerConnection> ConnectAsync(IReadOnlyList<BrokerEndpoint> endpoints, BrokerProtocol protocol, string caFile, string certFile, string keyFile, CancellationToken cancellationToken)
    {
        BrokerTls tls;
        try
        {
            tls = BrokerTls.Load(caFile, certFile, keyFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw CliException.Usage($"--ca/--cert/--key: cannot load the operator's TLS identity: {ex.Message}");
        }

        var clientId = "edgectl-" + Guid.NewGuid().ToString("N")[..12];
        var errors = new List<string>();
        foreach (var endpoint in BrokerEndpoint.Shuffled(endpoints, Random.Shared))
        {
            var client = new MqttClientFactory().CreateMqttClient();
            try
            {
                var options = tls.ClientOptions(endpoint, clientId).WithTimeout(TimeSpan.FromSeconds(10)).Build();
                await MqttConnect.ConnectAsync(client, options, protocol, cancellationToken).ConfigureAwait(false);
                return new BrokerConnection(client);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                client.Dispose();
                errors.Add($"{endpoint.Url}: {ex.Message}");
            }
        }

        throw CliException.Failed(errors.Count == 1 ? $"cannot connect to {errors[0]}" : $"cannot connect to any broker: {string.Join("; ", errors)}");
    }

    public bool IsConnected => client.IsConnected;

    /// <summary>Publishes retained at QoS 1 and fails unless the broker accepted it.</summary>
    public Task PublishRetainedAsync(string topic, byte[] payload, CancellationToken cancellationToken) =>
        PublishAsync(topic, payload, retain: true, cancellationToken);

    /// <summary>
    /// What the broker holds retained on <paramref name="topic"/> (a fresh subscription is sent it at
    /// once), or null when nothing arrives within <paramref name="wait"/>. Only for a connection with
    /// no subscription of its own on that topic: unsubscribing afterwards would end that one too.
    /// </summary>
    public async Task<byte[]?> ReadRetainedAsync(string topic, TimeSpan wait, CancellationToken cancellationToken)
    {
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
        {
            if (e.ApplicationMessage.Topic == topic)
            {
                received.TrySetResult(e.ApplicationMessage.Payload.ToArray());
            }

            return Task.CompletedTask;
        }

        client.ApplicationMessageReceivedAsync += OnMessage;
        try
        {
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic, SubscribeQos).Build(), cancellationToken).ConfigureAwait(false);
            try
            {
                return await received.Task.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return null;
            }
            finally
            {
                await client.UnsubscribeAsync(topic, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            client.ApplicationMessageReceivedAsync -= OnMessage;
        }
    }

    /// <summary>Publishes at QoS 1 and fails unless the broker accepted it.</summary>
    public async Task PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        try
        {
            await MqttPublish.AtLeastOnceAsync(client, topic, payload, retain, cancellationToken).ConfigureAwait(false);
        }
        catch (MqttPublishRefusedException ex)
        {
            throw CliException.Failed(ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (client.IsConnected)
        {
            await client.DisconnectAsync().ConfigureAwait(false);
        }

        client.Dispose();
    }
}
