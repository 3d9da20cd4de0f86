using EdgeAgent.Core.Admission;

namespace EdgeAgent.Core.Tests.Admission;

/// <summary>disk.reserve: a size or a share of the filesystem; a pull is refused when what it needs would eat into it.</summary>
public sealed class DiskReserveTests
{
    private const long MiB = 1 << 20;

    [Theory]
    [InlineData("10%", null, 10.0)]
    [InlineData("0%", null, 0.0)]
    [InlineData("2.5%", null, 2.5)]
    [InlineData("2Gi", 2L << 30, null)]
    [InlineData("512Mi", 512L << 20, null)]
    [InlineData("0", 0L, null)]
    public void Parses_a_size_or_a_share(string text, long? bytes, double? percent)
    {
        Assert.True(DiskReserve.TryParse(text, out var reserve));
        Assert.Equal((bytes, percent), (reserve.Bytes, reserve.Percent));
    }

    [Theory]
    [InlineData("")]
    [InlineData("100%")]
    [InlineData("-1%")]
    [InlineData("ten percent")]
    [InlineData("10 %")]
    [InlineData("2GB")]
    [InlineData("%")]
    [InlineData("1e3%")]
    public void Refuses_anything_else(string text) => Assert.False(DiskReserve.TryParse(text, out _));

    [Theory]
    [InlineData(100, 1000, 1000, true)]   // 300 MiB needed (3x the download) of 1000 free, 100 kept
    [InlineData(300, 1000, 1000, true)]   // exactly the reserve left
    [InlineData(301, 1000, 1000, false)]
    [InlineData(0, 50, 1000, false)]      // already below the reserve: nothing may be pulled
    [InlineData(0, 100, 1000, true)]
    public void A_pull_fits_when_it_leaves_the_reserve_free(long downloadMiB, long freeMiB, long totalMiB, bool fits)
    {
        Assert.True(DiskReserve.TryParse("10%", out var reserve));
        var refusal = reserve.Refusal("img", downloadMiB * MiB, freeMiB * MiB, totalMiB * MiB, "/var/lib/docker");
        Assert.Equal(fits, refusal is null);
        if (!fits)
        {
            Assert.StartsWith("disk-reserve: pulling img needs about", refusal, StringComparison.Ordinal);
            Assert.Contains("/var/lib/docker has", refusal, StringComparison.Ordinal);
        }
    }
}
