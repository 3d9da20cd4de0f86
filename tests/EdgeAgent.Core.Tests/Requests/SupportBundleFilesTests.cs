using EdgeAgent.Core.Requests;

namespace EdgeAgent.Core.Tests.Requests;

/// <summary>The names a device may give the files of its support bundle: edgectl writes nothing outside the bundle's folder.</summary>
public sealed class SupportBundleFilesTests
{
    [Theory]
    [InlineData("file status.json", "status.json")]
    [InlineData("file apps/nodered/inspect.json", "apps/nodered/inspect.json")]
    [InlineData("file apps/my_app-2/container.log", "apps/my_app-2/container.log")]
    [InlineData("file ..data", "..data")]
    public void A_safe_relative_name_is_a_file_of_the_bundle(string source, string path) =>
        Assert.Equal(path, SupportBundleFiles.PathOf(source));

    [Theory]
    [InlineData(null)]
    [InlineData("agent")]
    [InlineData("app nodered")]
    [InlineData("file ")]
    [InlineData("file /etc/passwd")]
    [InlineData("file ../outside")]
    [InlineData("file apps/../../outside")]
    [InlineData("file apps//x")]
    [InlineData("file apps/./x")]
    [InlineData("file apps/x/")]
    [InlineData("file C:\\x")]
    [InlineData("file Status.json")]
    [InlineData("file a b")]
    [InlineData("file a\nb")]
    [InlineData("file a\0b")]
    [InlineData("file ü.log")]
    [InlineData("FILE status.json")]
    public void Anything_else_is_not(string? source) =>
        Assert.Null(SupportBundleFiles.PathOf(source));

    [Fact]
    public void A_name_longer_than_the_limit_is_not_a_file_of_the_bundle() =>
        Assert.Null(SupportBundleFiles.PathOf("file " + new string('a', 201)));

    [Fact]
    public void Every_name_the_agent_uses_is_safe()
    {
        string[] names = [SupportBundleFiles.Device, SupportBundleFiles.Status, SupportBundleFiles.Events, SupportBundleFiles.AgentLog, SupportBundleFiles.Problems, SupportBundleFiles.Inspect("nodered"), SupportBundleFiles.ContainerLog("my-app_2")];

        Assert.All(names, name => Assert.Equal(name, SupportBundleFiles.PathOf(SupportBundleFiles.Source(name))));
    }
}
