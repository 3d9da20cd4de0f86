using EdgeAgent.Core.Rollouts;

namespace EdgeAgent.Core.Tests.Rollouts;

/// <summary>A wave advances only when it has been healthy for the whole period; it halts when failures pass the threshold.</summary>
public sealed class WaveJudgeTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(60);

    private static WaveSize Size(string text) => WaveSize.TryParse(text, out var size) ? size : throw new FormatException(text);

    [Theory]
    [InlineData(5L, null, true, 0, WaveDeviceState.Healthy)]
    [InlineData(5L, null, false, 0, WaveDeviceState.Applied)]
    [InlineData(5L, null, true, 1, WaveDeviceState.Failed)]
    [InlineData(6L, null, true, 0, WaveDeviceState.Healthy)] // a newer version than the rollout's
    [InlineData(4L, null, true, 0, WaveDeviceState.Pending)]
    [InlineData(null, null, false, 0, WaveDeviceState.Pending)]
    [InlineData(4L, 5L, true, 0, WaveDeviceState.Failed)] // refused the rollout's manifest
    [InlineData(4L, 3L, true, 0, WaveDeviceState.Pending)] // an older refusal is not about this rollout
    public void Classifies_a_device(long? applied, long? rejected, bool converged, int failing, WaveDeviceState expected) =>
        Assert.Equal(expected, new WaveDeviceReport(applied, rejected, converged, failing).Against(5));

    public sealed record WaveCase(string Name, WaveDeviceState[] States, int[] HealthySecondsAgo, string MaxFailures, WaveVerdict Expected)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<WaveCase> Waves() => new()
    {
        new("all healthy long enough", [WaveDeviceState.Healthy, WaveDeviceState.Healthy], [61, 60], "0", WaveVerdict.Advance),
        new("one healthy too briefly", [WaveDeviceState.Healthy, WaveDeviceState.Healthy], [61, 59], "0", WaveVerdict.Wait),
        new("one still pending", [WaveDeviceState.Healthy, WaveDeviceState.Pending], [61, -1], "0", WaveVerdict.Wait),
        new("one applied, converging", [WaveDeviceState.Healthy, WaveDeviceState.Applied], [61, -1], "0", WaveVerdict.Wait),
        new("a failed canary halts at 5%", [WaveDeviceState.Failed], [-1], "5%", WaveVerdict.Halt),
        new("one failure of 20 is within 5%", [WaveDeviceState.Failed, .. Enumerable.Repeat(WaveDeviceState.Healthy, 19)], [-1, .. Enumerable.Repeat(120, 19)], "5%", WaveVerdict.Advance),
        new("two failures of 20 pass 5%", [WaveDeviceState.Failed, WaveDeviceState.Failed, .. Enumerable.Repeat(WaveDeviceState.Healthy, 18)], [-1, -1, .. Enumerable.Repeat(120, 18)], "5%", WaveVerdict.Halt),
        new("a count threshold", [WaveDeviceState.Failed, WaveDeviceState.Failed, WaveDeviceState.Healthy], [-1, -1, 120], "2", WaveVerdict.Advance),
        new("everything failed halts whatever the threshold", [WaveDeviceState.Failed], [-1], "100%", WaveVerdict.Halt),
        new("healthy without a record yet", [WaveDeviceState.Healthy], [-1], "0", WaveVerdict.Wait),
    };

    [Theory]
    [MemberData(nameof(Waves))]
    public void Judges_a_wave(WaveCase c)
    {
        var devices = c.States.Select((s, i) => ($"pi-{i:00}", s)).ToDictionary(d => d.Item1, d => d.s);
        var since = c.HealthySecondsAgo.Select((s, i) => ($"pi-{i:00}", s)).Where(d => d.s >= 0).ToDictionary(d => d.Item1, d => Now.AddSeconds(-d.s));

        Assert.Equal(c.Expected, WaveJudge.Judge(devices, since, Period, Size(c.MaxFailures), Now));
    }

    [Fact]
    public void A_device_that_flaps_starts_its_health_period_again()
    {
        var healthy = new Dictionary<string, WaveDeviceState> { ["pi-01"] = WaveDeviceState.Healthy };
        var since = WaveJudge.Track(healthy, new Dictionary<string, DateTimeOffset>(), Now);
        since = WaveJudge.Track(healthy, since, Now.AddSeconds(30));
        Assert.Equal(Now, since["pi-01"]); // kept while healthy

        since = WaveJudge.Track(new Dictionary<string, WaveDeviceState> { ["pi-01"] = WaveDeviceState.Applied }, since, Now.AddSeconds(40));
        since = WaveJudge.Track(healthy, since, Now.AddSeconds(50));
        Assert.Equal(Now.AddSeconds(50), since["pi-01"]);
        Assert.Equal(WaveVerdict.Wait, WaveJudge.Judge(healthy, since, Period, Size("0"), Now.AddSeconds(100)));
        Assert.Equal(WaveVerdict.Advance, WaveJudge.Judge(healthy, since, Period, Size("0"), Now.AddSeconds(110)));
    }
}
