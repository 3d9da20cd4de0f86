using EdgeAgent.Configuration;
using EdgeAgent.Core.Intake;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace EdgeAgent.Mqtt;

/// <summary>What the connection does while it stays connected: subscribing again, on two clocks.</summary>
internal sealed partial class MqttConnection
{
    /// <summary>
    /// Returns once the client is really disconnected. A disconnect notice is only a hint: a late one
    /// from an earlier attempt must not tear down a healthy session (that was a reconnect loop).
    /// Meanwhile it subscribes again, on two clocks kept apart (<see cref="ResubscribeSchedule.NextWake"/>),
    /// so a refusal never holds back the reads of what the broker granted:
    /// - refused subscriptions after 5 s doubling to a minute (a refusal may be passing: a cluster node
    ///   whose JetStream is catching up refuses with the same code as an ACL under MQTT 3.1.1);
    /// - the granted ones twice soon after the connect or after a refused one was granted
    ///   (<see cref="ResubscribeSchedule"/>: a restarting NATS node hands out retained state from a
    ///   copy still catching up), and then about every <see cref="BrokerSettings.Refresh"/>,
    ///   which makes the broker send the retained state again: a broker may lose a live delivery (NATS
    ///   2.9 does while electing a new JetStream leader after a node died) and mosquitto sends nothing
    ///   for a topic its ACL allowed only after the subscription. A redelivered manifest changes nothing.
    ///   With each read it says "online" again and has the status republished (unchanged, so
    ///   watchers ignore it): an overloaded NATS cluster acknowledges a retained publish it then fails
    ///   to store (measured with 10,000 devices), and MQTT 3.1.1 has no way to tell the device.
    /// </summary>
    private async Task WhileConnectedAsync(IReadOnlyList<string> refusedAtConnect, CancellationToken stoppingToken)
    {
        var refused = refusedAtConnect;
        var reads = 0; // since the connect, or since a refused subscription was granted: the first are catch-up reads
        var retries = 0; // refusals in a row since the first
        var readDue = time.GetUtcNow() + ResubscribeSchedule.NextRead(reads, broker.Refresh, Random.Shared.NextDouble());
        DateTimeOffset? retryDue = refused.Count > 0 ? time.GetUtcNow() + ResubscribeSchedule.RetryAfter(retries) : null;
        while (true)
        {
            var lost = NewConnectionLost();
            Volatile.Write(ref connectionLost, lost);
            if (!client.IsConnected)
            {
                return; // checked after arming: a disconnect from now on completes `lost`
            }

            var wake = ResubscribeSchedule.NextWake(time.GetUtcNow(), readDue, retryDue);
            try
            {
                await lost.Task.WaitAsync(wake.Wait, time, stoppingToken).ConfigureAwait(false);
                continue; // lost: the caller reconnects and subscribes to everything
            }
            catch (TimeoutException)
            {
            }

            try
            {
                // Each next time is set before the subscription, so a failing one is not repeated at once.
                if (wake.Read)
                {
                    if (reads < ResubscribeSchedule.CatchUpReads)
                    {
                        LogCatchUpRead(reads + 1);
                    }

                    reads++;
                    readDue = time.GetUtcNow() + ResubscribeSchedule.NextRead(reads, broker.Refresh, Random.Shared.NextDouble());
                    var granted = subscriptions.Except(refused, StringComparer.Ordinal).ToList();
                    var newlyRefused = granted.Count > 0 ? await SubscribeAsync(granted, stoppingToken).ConfigureAwait(false) : [];
                    if (newlyRefused.Count > 0)
                    {
                        refused = [.. refused, .. newlyRefused];
                        if (retryDue is null)
                        {
                            retries = 0;
                            retryDue = time.GetUtcNow() + ResubscribeSchedule.RetryAfter(retries);
                        }
                    }

                    await AnnounceAsync(stoppingToken).ConfigureAwait(false);
                }

                if (wake.Retry)
                {
                    retryDue = time.GetUtcNow() + ResubscribeSchedule.RetryAfter(++retries);
                    var stillRefused = await SubscribeAsync(refused, stoppingToken).ConfigureAwait(false);
                    if (stillRefused.Count < refused.Count)
                    {
                        // Granted now by a node that refused it (JetStream trouble): what it hands out may be behind, too.
                        reads = 0;
                        readDue = time.GetUtcNow() + ResubscribeSchedule.NextRead(reads, broker.Refresh, Random.Shared.NextDouble());
                    }

                    refused = stillRefused;
                    if (refused.Count == 0)
                    {
                        (retryDue, retries) = (null, 0);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDisconnectFailed(ex.Message); // the connection is going: the next turn sees it
            }
        }
    }

    /// <summary>Subscribes at broker.subscribeQos (1 unless configured); returns the topics the broker refused (each logged).</summary>
    private async Task<IReadOnlyList<string>> SubscribeAsync(IReadOnlyList<string> topics, CancellationToken cancellationToken)
    {
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var topic in topics)
        {
            // Subscribed on every connect, session or not: the retained state is resent, and a
            // redelivered manifest that was already accepted changes nothing.
            builder.WithTopicFilter(topic, broker.SubscribeQos);
        }

        var result = await client.SubscribeAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
        var refused = new List<string>();
        foreach (var item in result.Items.Where(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2))
        {
            LogSubscriptionRefused(item.TopicFilter.Topic, item.ResultCode.ToString());
            refused.Add(item.TopicFilter.Topic);
        }

        return refused;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The broker refused the subscription to {Topic}: {Code}; asking again while connected")]
    private partial void LogSubscriptionRefused(string topic, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Catch-up read {Read} after connecting: subscribing again for the retained state")]
    private partial void LogCatchUpRead(int read);
}
