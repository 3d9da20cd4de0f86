namespace EdgeAgent.Core.Execution;

/// <summary>Capped exponential backoff for retryable step failures.</summary>
public sealed record RetryPolicy
{
    public int MaxAttempts { get; init; } = 4;
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public static RetryPolicy Default { get; } = new();

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 (attempts count from 1).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(InitialDelay.Ticks * factor, MaxDelay.Ticks));
        return delay;
    }
}
