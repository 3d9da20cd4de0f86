namespace EdgeAgent.Core.Intake;

/// <summary>
/// When a connected device subscribes again, which makes the broker hand out the retained desired
/// state, roots and rollout records anew. Right after a connect the retained state may be stale: a
/// NATS node that has just (re)started, or whose JetStream was without a quorum, serves retained
/// messages from a copy that catches up with the replicated stream only afterwards, and a publish
/// that landed before the subscription existed is not delivered live. So every connect (and every
/// subscription the broker granted after refusing it) is followed by two catch-up reads, about
/// <see cref="FirstCatchUp"/> and <see cref="SecondCatchUp"/> after it, before the periodic refresh
/// takes over: state a broker had caught up with by then reaches the device within
/// <see cref="CatchUpBound"/>. Every wait is jittered by a quarter either side, so a fleet that
/// reconnected together does not read again in lockstep. Subscriptions the broker refused are asked
/// for again on a clock of their own (<see cref="RetryAfter"/>), so a refusal (a group missing from
/// a NATS cluster's authorization) never holds back the catch-up reads or the refresh of the topics it granted.
/// </summary>
public static class ResubscribeSchedule
{
    /// <summary>The first catch-up read, this long after a connect (before jitter).</summary>
    public static readonly TimeSpan FirstCatchUp = TimeSpan.FromSeconds(10);

    /// <summary>The second catch-up read, this long after a connect (before jitter).</summary>
    public static readonly TimeSpan SecondCatchUp = TimeSpan.FromSeconds(60);

    /// <summary>The last catch-up read comes at the latest this long after a connect: the second one, jittered late.</summary>
    public static TimeSpan CatchUpBound => SecondCatchUp * 1.25;

    /// <summary>Reads after a connect that are catch-up reads; later ones are the periodic refresh.</summary>
    public const int CatchUpReads = 2;

    /// <summary>
    /// The wait before the next read, <paramref name="readsSinceConnect"/> reads after the connect (0
    /// for the first one after it). A catch-up wait never exceeds <paramref name="refresh"/>, the
    /// configured period (broker.refreshSeconds).
    /// </summary>
    /// <param name="readsSinceConnect">Reads done since the connect, or since a refused subscription was granted.</param>
    /// <param name="refresh">The periodic refresh.</param>
    /// <param name="unitRandom">A random number in [0, 1): where in the jitter window the wait falls.</param>
    public static TimeSpan NextRead(int readsSinceConnect, TimeSpan refresh, double unitRandom)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(readsSinceConnect);
        var period = readsSinceConnect switch
        {
            0 => FirstCatchUp,
            1 => SecondCatchUp - FirstCatchUp,
            _ => refresh,
        };
        return Jittered(period < refresh ? period : refresh, unitRandom);
    }

    /// <summary>The first wait before asking again for refused subscriptions, doubling with every refusal in a row.</summary>
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait before asking again for refused subscriptions.</summary>
    public static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(1);

    /// <summary>The wait before asking again for refused subscriptions, <paramref name="refusalsInARow"/> retries after the first refusal (0 for the first retry).</summary>
    public static TimeSpan RetryAfter(int refusalsInARow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(refusalsInARow);
        return TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks << Math.Min(refusalsInARow, 16)));
    }

    /// <summary>
    /// The next wake-up of a connected device: the earlier of the next read of the granted topics
    /// (<paramref name="readDue"/>) and the next retry of refused ones (<paramref name="retryDue"/>,
    /// null while nothing is refused), and which of them are due then. The two keep their own times:
    /// a retry neither replaces nor postpones a read.
    /// </summary>
    public static ResubscribeWake NextWake(DateTimeOffset now, DateTimeOffset readDue, DateTimeOffset? retryDue)
    {
        var wake = retryDue is { } retry && retry < readDue ? retry : readDue;
        return new ResubscribeWake(wake > now ? wake - now : TimeSpan.Zero, readDue <= wake, retryDue <= wake);
    }

    /// <summary>Within a quarter either side of <paramref name="period"/>.</summary>
    public static TimeSpan Jittered(TimeSpan period, double unitRandom) =>
        period * (0.75 + (Math.Clamp(unitRandom, 0, 1) / 2));
}
