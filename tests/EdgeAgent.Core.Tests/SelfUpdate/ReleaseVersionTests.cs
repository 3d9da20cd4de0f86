using EdgeAgent.Core.SelfUpdate;

namespace EdgeAgent.Core.Tests.SelfUpdate;

public sealed class ReleaseVersionTests
{
    [Theory]
    [InlineData("1.0.0", "1.0.1")]
    [InlineData("1.0.9", "1.1.0")]
    [InlineData("1.9.9", "2.0.0")]
    [InlineData("0.9.0", "0.10.0")] // numerically, not as text
    [InlineData("1.0.0-rc.1", "1.0.0")]
    [InlineData("1.0.0-alpha", "1.0.0-alpha.1")]
    [InlineData("1.0.0-alpha.1", "1.0.0-alpha.beta")]
    [InlineData("1.0.0-alpha.beta", "1.0.0-beta")]
    [InlineData("1.0.0-beta.2", "1.0.0-beta.11")]
    [InlineData("1.0.0-beta.11", "1.0.0-rc.1")]
    public void Orders_by_semver_precedence(string older, string newer)
    {
        Assert.True(ReleaseVersion.TryParse(older, out var a));
        Assert.True(ReleaseVersion.TryParse(newer, out var b));
        Assert.True(a < b, $"{older} < {newer}");
        Assert.True(b > a);
        Assert.Equal(-1, a.CompareTo(b));
        Assert.Equal(1, b.CompareTo(a));
    }

    [Theory]
    [InlineData("1.2.3", "1.2.3+abc")] // build metadata carries no precedence
    [InlineData("1.2.3-rc.1", "1.2.3-rc.1")]
    public void Equal_versions_compare_equal(string left, string right)
    {
        Assert.True(ReleaseVersion.TryParse(left, out var a));
        Assert.True(ReleaseVersion.TryParse(right, out var b));
        Assert.Equal(0, a.CompareTo(b));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("1")]
    [InlineData("1.2")]
    [InlineData("1.2.3.4")]
    [InlineData("v1.2.3")]
    [InlineData("1.2.x")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3-rc..1")]
    [InlineData("-1.2.3")]
    [InlineData("1.2.99999999999")]
    public void Refuses_what_is_not_a_version(string? text)
    {
        Assert.False(ReleaseVersion.TryParse(text, out _));
    }

    [Fact]
    public void Prints_itself_without_build_metadata()
    {
        Assert.True(ReleaseVersion.TryParse("2.0.1-rc.3+deadbeef", out var version));
        Assert.Equal("2.0.1-rc.3", version.ToString());
    }
}
