using EdgeAgent.Core.Intake;

namespace EdgeAgent.Core.Tests.Intake;

/// <summary>When a connected device reads the retained state again: twice soon after a connect, then every refresh, whatever the broker refused.</summary>
public sealed class ResubscribeScheduleTests
{
    [Theory]
    // reads since the connect, refresh (s), where in the jitter window, the wait (s)
    [InlineData(0, 300, 0.5, 10)]
    [InlineData(0, 300, 0.0, 7.5)]
    [InlineData(0, 300, 1.0, 12.5)]
    [InlineData(1, 300, 0.5, 50)]
    [InlineData(1, 300, 0.0, 37.5)]
    [InlineData(1, 300, 1.0, 62.5)]
    [InlineData(2, 300, 0.5, 300)]
    [InlineData(2, 300, 0.0, 225)]
    [InlineData(7, 300, 1.0, 375)]
    [InlineData(2, 15, 0.5, 15)]
    [InlineData(1, 15, 0.5, 15)] // a catch-up wait never exceeds the configured refresh
    [InlineData(0, 10, 0.5, 10)]
    [InlineData(1, 10, 1.0, 12.5)]
    [InlineData(0, 86400, 0.5, 10)]
    [InlineData(2, 86400, 0.5, 86400)]
    public void Two_catch_up_reads_follow_a_connect_then_the_refresh_each_jittered_by_a_quarter(int reads, int refreshSeconds, double unitRandom, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ResubscribeSchedule.NextRead(reads, TimeSpan.FromSeconds(refreshSeconds), unitRandom));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(45)]
    [InlineData(300)]
    [InlineData(86400)]
    public void Both_catch_up_reads_come_within_the_stated_bound_after_a_connect_whatever_the_jitter_and_refresh(int refreshSeconds)
    {
        var refresh = TimeSpan.FromSeconds(refreshSeconds);
        foreach (var unitRandom in new[] { 0.0, 0.25, 0.5, 0.75, 0.999, 1.0 })
        {
            var second = ResubscribeSchedule.NextRead(0, refresh, unitRandom) + ResubscribeSchedule.NextRead(1, refresh, unitRandom);
            Assert.InRange(second, TimeSpan.FromSeconds(7.5), ResubscribeSchedule.CatchUpBound);
        }

        Assert.Equal(TimeSpan.FromSeconds(75), ResubscribeSchedule.CatchUpBound);
        Assert.Equal(2, ResubscribeSchedule.CatchUpReads);
    }

    [Theory]
    // seconds from now: the read due, the retry due (-1: nothing refused); the wait, whether a read and a retry are due then
    [InlineData(10, -1, 10, true, false)]
    [InlineData(10, 5, 5, false, true)] // a refused topic is asked for first...
    [InlineData(10, 60, 10, true, false)] // ...but a retry a minute away never postpones the catch-up read
    [InlineData(50, 20, 20, false, true)]
    [InlineData(300, 60, 60, false, true)] // refused for long: the refresh keeps its own time
    [InlineData(7, 7, 7, true, true)]
    [InlineData(-3, 40, 0, true, false)] // overdue: at once
    [InlineData(30, -2, 0, false, true)]
    [InlineData(-1, -1, 0, true, false)]
    [InlineData(-5, -5, 0, true, true)]
    public void The_read_of_granted_topics_and_the_retry_of_refused_ones_keep_their_own_times(int readIn, int retryIn, int wait, bool read, bool retry)
    {
        var now = new DateTimeOffset(2026, 12, 7, 15, 0, 0, TimeSpan.Zero);
        DateTimeOffset? retryDue = retryIn == -1 ? null : now.AddSeconds(retryIn);
        Assert.Equal(new ResubscribeWake(TimeSpan.FromSeconds(wait), read, retry), ResubscribeSchedule.NextWake(now, now.AddSeconds(readIn), retryDue));
    }

    [Fact]
    public void While_a_topic_stays_refused_both_catch_up_reads_and_the_refresh_still_come_on_time()
    {
        // The loop's own bookkeeping, replayed: a refusal that never ends (a group missing from the ACL).
        var refresh = TimeSpan.FromSeconds(300);
        var connect = new DateTimeOffset(2026, 12, 7, 15, 0, 0, TimeSpan.Zero);
        var now = connect;
        var (reads, retries) = (0, 0);
        var readDue = now + ResubscribeSchedule.NextRead(reads, refresh, 1.0);
        DateTimeOffset? retryDue = now + ResubscribeSchedule.RetryAfter(retries);
        var readTimes = new List<TimeSpan>();
        while (readTimes.Count < 4)
        {
            var wake = ResubscribeSchedule.NextWake(now, readDue, retryDue);
            now += wake.Wait;
            if (wake.Read)
            {
                readTimes.Add(now - connect);
                readDue = now + ResubscribeSchedule.NextRead(++reads, refresh, 1.0);
            }

            if (wake.Retry)
            {
                retryDue = now + ResubscribeSchedule.RetryAfter(++retries);
            }
        }

        Assert.Equal([12.5, 75, 450, 825], readTimes.Select(t => t.TotalSeconds));
        Assert.True(readTimes[1] <= ResubscribeSchedule.CatchUpBound);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(4, 60)]
    [InlineData(1000, 60)]
    public void Refused_subscriptions_are_asked_for_again_after_5_s_doubling_to_a_minute(int refusalsInARow, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ResubscribeSchedule.RetryAfter(refusalsInARow));
    }

    [Theory]
    [InlineData(-1.0, 7.5)]
    [InlineData(2.0, 12.5)]
    public void A_random_number_outside_zero_to_one_stays_within_the_window(double unitRandom, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ResubscribeSchedule.NextRead(0, TimeSpan.FromSeconds(300), unitRandom));
    }

    [Fact]
    public void A_negative_count_of_reads_is_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ResubscribeSchedule.NextRead(-1, TimeSpan.FromSeconds(300), 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => ResubscribeSchedule.RetryAfter(-1));
    }
}
