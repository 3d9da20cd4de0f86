using MQTTnet.Exceptions;

namespace EdgeCtl.Rollouts;

/// <summary>
/// The rollout's broker connection, kept up: operators share one certificate and so one client id,
/// so another edgectl connecting takes this one over; the link then reconnects with backoff and
/// subscribes again, and the retained topics bring the watch up to date.
/// </summary>
internal sealed class RolloutLink(Func<CancellationToken, Task<BrokerConnection>> connect, RolloutWatch watch) : IAsyncDisposable
{
    private static readonly TimeSpan MaxSettle = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After being taken over, wait this long before taking the connection back: long enough for a
    /// `pause`, `abort` or `status` from another terminal to connect, write and leave.
    /// </summary>
    private static readonly TimeSpan TakeoverGrace = TimeSpan.FromSeconds(4);

    private BrokerConnection? connection;
    private int failures;

    /// <summary>Whether this connection follows the group and the fleet (known only once the group is).</summary>
    private bool followsFleet;

    /// <summary>Set by every new connection: what was published before it may not have reached the broker.</summary>
    public bool Reconnected { get; set; }

    /// <summary>
    /// A connected, subscribed connection with the retained state read; with <paramref name="retry"/>,
    /// waits for one as long as it takes, else tries a few times (another edgectl may hold the identity for a moment).
    /// </summary>
    public async Task<BrokerConnection> EnsureAsync(bool retry, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (connection is { IsConnected: true } current)
            {
                return current;
            }

            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                connection = null;
                await Console.Error.WriteLineAsync("edgectl: disconnected from the broker (another edgectl with the operator identity takes the connection over); reconnecting").ConfigureAwait(false);
                await Task.Delay(TakeoverGrace, cancellationToken).ConfigureAwait(false);
            }

            BrokerConnection? next = null;

            try
            {
                next = await connect(cancellationToken).ConfigureAwait(false);
                await next.SubscribeAsync(watch.RolloutTopics, watch.Apply, cancellationToken).ConfigureAwait(false);
                await watch.Settle.WaitAsync(MaxSettle, cancellationToken).ConfigureAwait(false);
                followsFleet = watch.FleetTopics.Count > 0;
                if (followsFleet)
                {
                    await next.SubscribeMoreAsync(watch.FleetTopics, cancellationToken).ConfigureAwait(false);
                    await watch.Settle.WaitAsync(MaxSettle, cancellationToken).ConfigureAwait(false);
                }

                connection = next;
                failures = 0;
                Reconnected = true;
                return next;
            }
            catch (Exception ex) when (ex is CliException { ExitCode: 1 } or MqttCommunicationException)
            {
                if (next is not null)
                {
                    await next.DisposeAsync().ConfigureAwait(false);
                }

                var message = ex is CliException ? ex.Message : $"lost the broker connection while reading the rollout ({ex.Message})";
                if (!retry && attempt >= 3)
                {
                    throw CliException.Failed(message);
                }

                failures++;
                await Console.Error.WriteLineAsync($"edgectl: {TerminalText.Escape(message)}; retrying").ConfigureAwait(false);
            }

            await Task.Delay(ReconnectDelay.After(failures), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Subscribes to the group and the fleet if the group became known only after connecting (a
    /// record that arrived after the retained burst fell quiet): without it a resumed driver would
    /// never see the devices' status or the group topic.
    /// </summary>
    public async Task FollowFleetAsync(CancellationToken cancellationToken)
    {
        if (!followsFleet && connection is { IsConnected: true } current && watch.FleetTopics.Count > 0)
        {
            await current.SubscribeMoreAsync(watch.FleetTopics, cancellationToken).ConfigureAwait(false);
            await watch.Settle.WaitAsync(MaxSettle, cancellationToken).ConfigureAwait(false);
            followsFleet = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
