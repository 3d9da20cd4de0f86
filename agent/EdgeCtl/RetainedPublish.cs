namespace EdgeCtl;

/// <summary>
/// Publishes retained desired state and reads it back: a broker may acknowledge a QoS 1 publish it
/// then fails to retain (NATS server 2.9 does while its cluster elects a new JetStream leader after a
/// node died: "unable to store retained message"), and a device that connects later would get the
/// older state. On a mismatch the message is published again, a few times, before failing loudly;
/// unless what the topic holds is at least as new (another operator published meanwhile), which is
/// left alone and said.
/// </summary>
internal static class RetainedPublish
{
    private const int Attempts = 4;
    private static readonly TimeSpan ReadBackWait = TimeSpan.FromSeconds(5);

    /// <param name="connection">A connection without subscriptions of its own.</param>
    /// <param name="topic">The retained topic.</param>
    /// <param name="payload">What to publish.</param>
    /// <param name="supersedes">For a different message held there: a description of it ("v8") when it is at least as new as <paramref name="payload"/>, else null.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public static async Task ConfirmedAsync(BrokerConnection connection, string topic, byte[] payload, Func<byte[], string?> supersedes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(supersedes);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(payload);
        for (var attempt = 1; ; attempt++)
        {
            await connection.PublishRetainedAsync(topic, payload, cancellationToken).ConfigureAwait(false);
            var held = await connection.ReadRetainedAsync(topic, ReadBackWait, cancellationToken).ConfigureAwait(false);
            if (held is not null && held.AsSpan().SequenceEqual(payload))
            {
                return;
            }

            if (held is not null && supersedes(held) is { } newer)
            {
                await Console.Error.WriteLineAsync($"warning: {topic} holds {newer} now, published by someone else meanwhile: left as it is").ConfigureAwait(false);
                return;
            }

            if (attempt == Attempts)
            {
                throw CliException.Failed($"{topic}: the broker acknowledged the message but {(held is null ? "holds nothing" : "still holds another message")} retained there after {Attempts} attempts; check the broker's health and publish again");
            }

            await Console.Error.WriteLineAsync($"warning: {topic}: the broker acknowledged but did not retain the message; publishing it again").ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken).ConfigureAwait(false);
        }
    }
}
