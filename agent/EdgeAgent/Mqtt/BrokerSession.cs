using EdgeAgent.Configuration;
using EdgeAgent.Core.Intake;
using EdgeAgent.ManifestSources;
using EdgeAgent.Reporting;
using EdgeAgent.Requests;
using EdgeAgent.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Mqtt;

/// <summary>
/// The device's broker session as a hosted service: one <see cref="MqttConnection"/>, the
/// <see cref="InboundMessages"/> it routes desired state and roots into, and the
/// <see cref="StatusOutbox"/> that publishes status and events whenever it is connected.
/// </summary>
internal sealed class BrokerSession : BackgroundService
{
    private readonly MqttConnection connection;

    public BrokerSession(string deviceId, BrokerSettings broker, IReadOnlyList<string> streams, ReconcileTrigger trigger, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger<BrokerSession>();
        var outbox = new StatusOutbox(deviceId, logger);
        Outbox = outbox;
        Reports = new ReportHistory(outbox);
        IReadOnlyList<string> subscriptions = [.. streams, Topics.TrustRoot, Topics.Requests(deviceId)];
        Inbox = new InboundMessages(subscriptions, trigger.Request, logger, Topics.Requests(deviceId), Requests.Offer);
        connection = new MqttConnection(deviceId, broker, subscriptions, Inbox, outbox.Republish, time, logger);
    }

    /// <summary>Messages received and not yet taken by the reconcile loop.</summary>
    public InboundMessages Inbox { get; }

    /// <summary>Operator requests received, for the request responder.</summary>
    public RequestInbox Requests { get; } = new();

    /// <summary>Publishes a message (not retained) while connected, e.g. a chunk of an answer to a request.</summary>
    public Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken) =>
        connection.PublishAsync(topic, payload, retain: false, cancellationToken);

    /// <summary>Publishes status and events while connected.</summary>
    public StatusOutbox Outbox { get; }

    /// <summary>Where the agent reports to: the outbox, remembering the latest for support bundles.</summary>
    public ReportHistory Reports { get; }

    public bool IsConnected => connection.IsConnected;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(connection.MaintainAsync(stoppingToken), Outbox.RunAsync(connection, stoppingToken));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await connection.CloseAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        connection.Dispose();
        Outbox.Dispose();
        base.Dispose();
    }
}
