using EdgeAgent.Core.Intake;

namespace EdgeAgent.Core.Tests.Intake;

/// <summary>When a connected device reads the retained state again: twice soon after a connect, then every refresh.</summary>
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
    }
}
