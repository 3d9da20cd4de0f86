namespace EdgeAgent.Core.Reconciliation;

/// <summary>
/// When the reconcile loop runs its next pass: at once to verify a pass that changed something (a few
/// times in a row at most), sooner than the resync period after a failure (backing off exponentially),
/// and no later than a restart hold or a probation ends.
/// </summary>
public sealed class PassSchedule(TimeSpan resync)
{
    public const string Verify = "verify";
    public const string Resync = "resync";

    /// <summary>Immediate verification passes in a row; beyond that a flapping device waits like any other.</summary>
    public const int MaxVerifyPasses = 3;

    public static readonly TimeSpan MinRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>The longest shift of <see cref="MinRetryDelay"/>: the resync period caps the delay long before.</summary>
    private const int MaxBackoffDoublings = 10;

    public TimeSpan ResyncPeriod => resync;

    public NextPass Next(PassOutcome outcome, PassScheduleState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var failures = outcome.Healthy ? 0 : state.ConsecutiveFailures + 1;
        var verifyPasses = outcome.Healthy && outcome.ChangedSomething ? state.VerifyPasses + 1 : 0;
        var next = new PassScheduleState(failures, verifyPasses);
        if (verifyPasses is > 0 and <= MaxVerifyPasses)
        {
            // The next pass must plan nothing, and it observes what to report.
            return new NextPass(Verify, null, next);
        }

        var untilNext = failures == 0
            ? resync
            : TimeSpan.FromTicks(Math.Min(resync.Ticks, MinRetryDelay.Ticks << Math.Min(failures - 1, MaxBackoffDoublings)));
        var deadline = now + untilNext;
        if (outcome.WakeAt is { } wakeAt && wakeAt < deadline)
        {
            deadline = wakeAt; // a crash-looping app is started again (a probation judged) when it ends, not later
        }

        return new NextPass(Resync, deadline, next);
    }
}
