using EdgeAgent.Core.Rollouts;

namespace EdgeAgent.Core.Tests.Rollouts;

/// <summary>Waves: cumulative, deterministic, every device exactly once, the last wave reaching all.</summary>
public sealed class WavePlanTests
{
    private static readonly string[] Fifty = [.. Enumerable.Range(1, 50).Select(i => $"pi-{i:00}")];

    private static WaveSize[] Sizes(params string[] texts) => [.. texts.Select(t => WaveSize.TryParse(t, out var s) ? s : throw new FormatException(t))];

    [Theory]
    [InlineData(new[] { "1", "10", "50", "100%" }, new[] { 1, 9, 40 })]
    [InlineData(new[] { "1", "10%", "50%" }, new[] { 1, 4, 20, 25 })]
    [InlineData(new[] { "100%" }, new[] { 50 })]
    [InlineData(new[] { "1%" }, new[] { 1, 49 })] // a share rounds up: never an empty canary
    [InlineData(new[] { "5", "3" }, new[] { 5, 45 })] // a smaller later wave adds nothing
    [InlineData(new[] { "200" }, new[] { 50 })]
    public void Cumulative_sizes_become_waves(string[] sizes, int[] counts)
    {
        var plan = WavePlan.Compute("greenhouse-v8", Fifty, Sizes(sizes));

        Assert.Equal(counts, plan.Select(w => w.Count));
        Assert.Equal(Fifty.Order(StringComparer.Ordinal), plan.SelectMany(w => w).Order(StringComparer.Ordinal)); // each device once
    }

    [Fact]
    public void Deterministic_for_a_rollout_and_different_across_rollouts()
    {
        var once = WavePlan.Compute("greenhouse-v8", Fifty, Sizes("5"));
        var again = WavePlan.Compute("greenhouse-v8", [.. Fifty.Reverse()], Sizes("5"));
        var other = WavePlan.Compute("greenhouse-v9", Fifty, Sizes("5"));

        Assert.Equal(once[0], again[0]);
        Assert.NotEqual(once[0], other[0]);
    }

    [Fact]
    public void A_listed_first_wave_goes_first_and_the_sizes_follow()
    {
        var plan = WavePlan.Compute("r", Fifty, Sizes("10"), firstWave: ["pi-07", "pi-03", "not-in-group"]);

        Assert.Equal(["pi-03", "pi-07"], plan[0]);
        Assert.Equal(8, plan[1].Count);
        Assert.DoesNotContain("pi-03", plan[1]);
        Assert.Equal(50, plan.Sum(w => w.Count));
    }

    [Fact]
    public void No_devices_no_waves() => Assert.Empty(WavePlan.Compute("r", [], Sizes("1", "100%")));

    [Theory]
    [InlineData("5%", true, 5)]
    [InlineData("12.5%", true, 12.5)]
    [InlineData("3", false, 3)]
    [InlineData("0", false, 0)]
    public void Sizes_parse(string text, bool share, double amount)
    {
        Assert.True(WaveSize.TryParse(text, out var size));
        Assert.Equal((amount, share), (size.Amount, size.IsShare));
        Assert.Equal(text, size.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("-1")]
    [InlineData("101%")]
    [InlineData("1.5")]
    [InlineData("ten")]
    [InlineData("%")]
    public void Sizes_refused(string? text) => Assert.False(WaveSize.TryParse(text, out _));
}
