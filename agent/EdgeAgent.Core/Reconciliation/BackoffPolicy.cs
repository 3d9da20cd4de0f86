namespace EdgeAgent.Core.Reconciliation;

/// <summary>
/// Crash-loop backoff: after the Nth exit in a row an app waits <see cref="Initial"/> x 2^(N-1), at most
/// <see cref="Cap"/>, before it is started again; it never gives up for good. Running cleanly for
/// <see cref="ResetAfter"/> forgets the crashes.
/// </summary>
public sealed record BackoffPolicy
{
    public TimeSpan Initial { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Cap { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan ResetAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>From this many exits in a row the app is reported crash-looping.</summary>
    public int CrashLoopAfter { get; init; } = 3;

    public TimeSpan Delay(int crashes)
    {
        if (crashes <= 0)
        {
            return TimeSpan.Zero;
        }

        // Doubling stops at the cap; the exponent is bounded so the multiplication never overflows.
        var factor = Math.Pow(2, Math.Min(crashes - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(Cap.Ticks, Initial.Ticks * factor));
    }
}
