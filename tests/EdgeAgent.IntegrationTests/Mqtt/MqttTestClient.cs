using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeAgent.IntegrationTests.Mqtt;

/// <summary>An MQTT 5 client with a fleet certificate, recording what it receives.</summary>
internal sealed class MqttTestClient : IAsyncDisposable
{
    private readonly IMqttClient client;

    private MqttTestClient(IMqttClient client) => this.client = client;

    public ConcurrentQueue<(string Topic, string Payload)> Received { get; } = new();

    /// <summary>Also called for every message, on MQTTnet's thread, with the raw payload.</summary>
    public Action<string, byte[]>? OnMessage { get; set; }

    public static async Task<MqttTestClient> ConnectAsync(MosquittoBroker broker, string? certFile, string? keyFile, string clientId, string? caFile = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var trust = new X509Certificate2Collection { X509Certificate2.CreateFromPem(File.ReadAllText(caFile ?? broker.CaFile)) };
        var tls = new MqttClientTlsOptionsBuilder()
            .WithTrustChain(trust)
            .WithSslProtocols(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13);
        if (certFile is not null)
        {
            tls = tls.WithClientCertificates([X509Certificate2.CreateFromPemFile(certFile, keyFile)]);
        }

        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", broker.Port)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTlsOptions(tls.Build())
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();
        var wrapper = new MqttTestClient(client);
        client.ApplicationMessageReceivedAsync += e =>
        {
            wrapper.Received.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString()));
            wrapper.OnMessage?.Invoke(e.ApplicationMessage.Topic, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };
        await client.ConnectAsync(options);
        return wrapper;
    }

    public async Task<MqttClientSubscribeResultCode> SubscribeAsync(string topic)
    {
        var result = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return result.Items.Single().ResultCode;
    }

    public async Task<MqttClientPublishReasonCode> PublishAsync(string topic, string payload, bool retain = true)
    {
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build());
        return result.ReasonCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (client.IsConnected)
        {
            await client.DisconnectAsync();
        }

        client.Dispose();
    }
}
