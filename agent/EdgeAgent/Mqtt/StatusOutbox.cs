using System.Text.Json;
using System.Threading.Channels;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Reporting;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Mqtt;

/// <summary>
/// What the device reports, waiting for the connection: the newest status (a burst publishes only the
/// latest, an unchanged one is not republished) and up to 256 events, oldest dropped first. Both
/// Publish calls return at once: reporting never blocks reconciliation.
/// </summary>
internal sealed partial class StatusOutbox(string deviceId, ILogger logger) : IStatusPublisher, IDisposable
{
    private const int MaxQueuedEvents = 256;

    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly Channel<AgentEvent> events = Channel.CreateBounded<AgentEvent>(new BoundedChannelOptions(MaxQueuedEvents) { FullMode = BoundedChannelFullMode.DropOldest });
    private DeviceStatus? pendingStatus;
    private byte[]? publishedStatus; // serialized without its timestamp: what the broker holds
    private volatile bool statusPending;

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

    /// <summary>After a (re)connect: the broker may have lost the retained status, so it is published again.</summary>
    public void Reconnected()
    {
        publishedStatus = null;
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
                    if (publishedStatus is null || !content.AsSpan().SequenceEqual(publishedStatus))
                    {
                        await connection.PublishAsync(Topics.Status(deviceId), JsonSerializer.SerializeToUtf8Bytes(status, FleetJsonContext.Default.DeviceStatus), retain: true, stoppingToken).ConfigureAwait(false);
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
