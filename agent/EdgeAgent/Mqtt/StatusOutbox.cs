using System.Text.Json;
using System.Threading.Channels;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Reporting;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Mqtt;

/// <summary>
/// What the device reports, waiting for the connection: the newest status (a burst publishes only the
/// latest, an unchanged one is not republished but for a repeat of the last one, byte for byte, after a
/// reconnect or at a refresh, in case the broker lost it) and up to 256 events, oldest dropped first. Both
/// Publish calls return at once: reporting never blocks reconciliation.
/// </summary>
internal sealed partial class StatusOutbox(string deviceId, ILogger logger) : IStatusPublisher, IDisposable
{
    private const int MaxQueuedEvents = 256;

    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly Channel<AgentEvent> events = Channel.CreateBounded<AgentEvent>(new BoundedChannelOptions(MaxQueuedEvents) { FullMode = BoundedChannelFullMode.DropOldest });
    private DeviceStatus? pendingStatus;
    private byte[]? publishedContent; // the status serialized without its timestamp: what the broker holds
    private byte[]? publishedPayload; // the same, as it was published
    private volatile bool statusPending;
    private volatile bool republish;

    public void Publish(DeviceStatus status)
    {
        Volatile.Write(ref pendingStatus, status);
        statusPending = true;
        Wake();
    }

    public void Publish(AgentEvent agentEvent)
    {
        events.Writer.TryWrite(agentEvent);
        Wake();
    }

    /// <summary>After a (re)connect or a refresh: the broker may have lost the retained status, so it is published again (as it was, timestamp and all).</summary>
    public void Republish()
    {
        republish = true;
        Wake();
    }

    /// <summary>Publishes whatever is pending each time it is woken and <paramref name="connection"/> is connected.</summary>
    public async Task RunAsync(MqttConnection connection, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await wake.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (!connection.IsConnected)
            {
                continue; // the connection wakes us again once connected
            }

            try
            {
                while (events.Reader.TryPeek(out var next))
                {
                    await connection.PublishAsync(Topics.Events(deviceId), JsonSerializer.SerializeToUtf8Bytes(next, FleetJsonContext.Default.AgentEvent), retain: false, stoppingToken).ConfigureAwait(false);
                    events.Reader.TryRead(out _);
                }

                if (Volatile.Read(ref pendingStatus) is { } status)
                {
                    statusPending = false;
                    // An unchanged device does not republish every pass: compare without the timestamp.
                    var content = JsonSerializer.SerializeToUtf8Bytes(status with { UpdatedAt = DateTimeOffset.UnixEpoch }, FleetJsonContext.Default.DeviceStatus);
                    if (publishedContent is null || !content.AsSpan().SequenceEqual(publishedContent))
                    {
                        var payload = JsonSerializer.SerializeToUtf8Bytes(status, FleetJsonContext.Default.DeviceStatus);
                        republish = false;
                        await connection.PublishAsync(Topics.Status(deviceId), payload, retain: true, stoppingToken).ConfigureAwait(false);
                        (publishedContent, publishedPayload) = (content, payload);
                    }
                }

                if (republish && publishedPayload is { } unchanged)
                {
                    // Byte for byte: watchers see a repeat, not a change (the timestamp says when it changed).
                    republish = false;
                    await connection.PublishAsync(Topics.Status(deviceId), unchanged, retain: true, stoppingToken).ConfigureAwait(false);
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

    public async Task FlushAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var step = TimeSpan.FromMilliseconds(50);
        for (var waited = TimeSpan.Zero; waited < limit && (events.Reader.Count > 0 || statusPending); waited += step)
        {
            await Task.Delay(step, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => wake.Dispose();

    private void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: one wake-up handles everything pending.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing status failed: {Error}; retrying after reconnect")]
    private partial void LogPublishFailed(string error);
}
