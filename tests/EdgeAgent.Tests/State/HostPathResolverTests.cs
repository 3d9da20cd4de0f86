using EdgeAgent.Testing;
using EdgeAgent.State;

namespace EdgeAgent.Tests.State;

/// <summary>realpath semantics on a real file system: what the kernel will bind is what policy checks.</summary>
public sealed class HostPathResolverTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public HostPathResolverTests()
    {
        Directory.CreateDirectory(temp.File("srv/edge/data"));
        Directory.CreateDirectory(temp.File("etc"));
        File.CreateSymbolicLink(temp.File("srv/edge/escape"), temp.File("etc"));
        File.CreateSymbolicLink(temp.File("srv/edge/relative"), "../../etc");
        File.CreateSymbolicLink(temp.File("srv/edge/loop"), temp.File("srv/edge/loop"));
    }

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("srv/edge/data", "srv/edge/data")]
    [InlineData("srv/edge/data/../data/./x", "srv/edge/data/x")]
    [InlineData("srv/edge/escape", "etc")]
    [InlineData("srv/edge/escape/shadow", "etc/shadow")]
    [InlineData("srv/edge/relative/passwd", "etc/passwd")]
    [InlineData("srv/edge/escape/../srv", "srv")]
    public void Resolves_like_the_kernel(string input, string expected)
    {
        Assert.Equal(temp.File(expected), new HostPathResolver().Resolve(temp.File(input)));
    }

    [Fact]
    public void Symlink_loops_are_an_error()
    {
        var ex = Assert.Throws<EdgeAgent.Core.Abstractions.UnresolvablePathException>(() => new HostPathResolver().Resolve(temp.File("srv/edge/loop/x")));
        Assert.Contains("symbolic links", ex.Message, StringComparison.Ordinal);
    }
}
