namespace EdgeCtl;

/// <summary>
/// Retained messages arrive right after subscribing, with no end marker: a stretch of silence
/// (<see cref="Quiet"/>) means all have arrived. Touched on every message; waited on once subscribed.
/// </summary>
internal sealed class RetainedSettle
{
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);

    private long lastTicks = DateTime.UtcNow.Ticks;

    public void Touch() => Interlocked.Exchange(ref lastTicks, DateTime.UtcNow.Ticks);

    public bool IsQuiet => DateTime.UtcNow.Ticks - Interlocked.Read(ref lastTicks) >= Quiet.Ticks;

    /// <summary>Waits for the silence, at most <paramref name="limit"/> (a busy fleet never falls quiet).</summary>
    public async Task WaitAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        Touch();
        while (!IsQuiet && DateTime.UtcNow - started < limit)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }
}
