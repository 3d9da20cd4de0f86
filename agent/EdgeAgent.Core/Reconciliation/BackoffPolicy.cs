namespace EdgeAgent.Core.Reconciliation;

/// <summary>
/// Crash-loop backoff: the first exit is restarted at once (a container stopped by hand is drift, repaired
/// now); after the Nth short run in a row (N >= 2) an app waits <see cref="Initial"/> x 2^(N-2), at most
/// <see cref="Cap"/>; it never gives up for good. A run of <see cref="LongRun"/> or more starts the count
/// again, and running for <see cref="ResetAfter"/> forgets it.
/// </summary>
public sealed record BackoffPolicy
{
    public TimeSpan Initial { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Cap { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan ResetAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A run at least this long was not a crash loop (Docker's restart manager uses the same 10 s).</summary>
    public TimeSpan LongRun { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>From this many exits in a row the app is reported crash-looping.</summary>
    public int CrashLoopAfter { get; init; } = 3;

    public TimeSpan Delay(int crashes)
    {
        if (crashes <= 1)
        {
            return TimeSpan.Zero;
        }

        // Doubling stops at the cap; the exponent is bounded so the multiplication never overflows.
        var factor = Math.Pow(2, Math.Min(crashes - 2, 30));
        return TimeSpan.FromTicks((long)Math.Min(Cap.Ticks, Initial.Ticks * factor));
    }
}
