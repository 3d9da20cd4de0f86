using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using EdgeAgent.Core.SelfUpdate;
using EdgeAgent.Docker;
using EdgeAgent.SelfUpdate;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAgent.IntegrationTests.SelfUpdate;

/// <summary>
/// A release staged from a real engine and the loopback registry (build/registry.sh): pulled by
/// digest, the binary copied out, checked against the manifest's SHA-256 and run with --version;
/// anything unfit refused with why, leaving no staged directory and no release image behind.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class ReleaseStagerTests(DockerHost docker) : IDisposable
{
    private const string Repository = "127.0.0.1:5000/edgeagent/itest-agent-release";
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static string StandIn(string version) => $"#!/bin/sh\n[ \"$1\" = --version ] && {{ echo {version}; exit 0; }}\nexit 3\n";

    private static string Sha(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    private ReleaseStager Stager(out AgentHome home)
    {
        home = new AgentHome(temp.Path);
        return new ReleaseStager(docker.Engine, new DockerContainerRuntime(docker.Engine, NullLogger<DockerContainerRuntime>.Instance), home);
    }

    /// <summary>Builds a FROM scratch image holding <paramref name="content"/> at <paramref name="path"/>, pushes it, returns its digest reference.</summary>
    private static async Task<string> PublishAsync(string tag, string path, string content)
    {
        var context = Directory.CreateTempSubdirectory("edgeagent-release-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(context, "file"), content);
            await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), $"FROM scratch\nCOPY file {path}\n");
            await Docker("build", "-q", "-t", $"{Repository}:{tag}", context);
            await Docker("push", "-q", $"{Repository}:{tag}");
            var digests = await Docker("image", "inspect", "--format", "{{range .RepoDigests}}{{println .}}{{end}}", $"{Repository}:{tag}");
            await Docker("rmi", $"{Repository}:{tag}");
            return digests.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single(d => d.StartsWith(Repository + "@", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    private static async Task<string> Docker(params string[] args)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"docker {string.Join(' ', args)}: {errors}");
        return output;
    }

    private async Task AssertImageGoneAsync(string image)
    {
        var images = await docker.Client.Images.ListImagesAsync(new global::Docker.DotNet.Models.ImagesListParameters { All = true });
        Assert.DoesNotContain(images, i => i.RepoDigests?.Contains(image) == true);
    }

    [Fact]
    public async Task A_good_release_is_staged_executable_and_its_image_removed()
    {
        var content = StandIn("9.9.1");
        var image = await PublishAsync("good", "/edge-agent", content);
        var stager = Stager(out var home);

        var binary = await stager.StageAsync(new AgentUpdateDecision(AgentUpdateAction.Install, "9.9.1", image, Sha(content), 30), CancellationToken.None);

        Assert.Equal(home.ReleaseBinary("9.9.1"), binary);
        Assert.Equal(content, await File.ReadAllTextAsync(binary));
        Assert.True(File.GetUnixFileMode(binary).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal(["edge-agent"], Directory.GetFiles(Path.GetDirectoryName(binary)!).Select(Path.GetFileName)); // no .part, no .tar left
        await AssertImageGoneAsync(image);
    }

    public static TheoryData<string, string, string, string, string> Unfit() => new()
    {
        // name, path in the image, content, the manifest's SHA-256 (empty: the content's), the reason
        { "sha-mismatch", "/edge-agent", StandIn("9.9.2"), new string('0', 64), "not the 0000" },
        { "no-binary", "/something-else", StandIn("9.9.2"), "", "copying /edge-agent out of" },
        { "other-version", "/edge-agent", StandIn("9.9.3"), "", "says it is version '9.9.3', not 9.9.2" },
        { "fails-version", "/edge-agent", "#!/bin/sh\necho broken >&2\nexit 4\n", "", "--version exited with status 4: broken" },
        { "not-executable-here", "/edge-agent", "\u007fELF garbage that is no program", "", "cannot be executed on this device" },
    };

    [Theory]
    [MemberData(nameof(Unfit))]
    public async Task An_unfit_release_is_refused_with_why_and_leaves_nothing(string name, string path, string content, string sha, string reason)
    {
        var image = await PublishAsync(name, path, content);
        var stager = Stager(out var home);

        var refused = await Assert.ThrowsAsync<StagingException>(() =>
            stager.StageAsync(new AgentUpdateDecision(AgentUpdateAction.Install, "9.9.2", image, sha.Length == 0 ? Sha(content) : sha, 30), CancellationToken.None));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(home.ReleaseBinary("9.9.2"))), "the staged directory was removed");
        await AssertImageGoneAsync(image);
        var leftovers = await docker.Client.Containers.ListContainersAsync(new global::Docker.DotNet.Models.ContainersListParameters { All = true });
        Assert.DoesNotContain(leftovers, c => c.Labels?.ContainsKey("io.edgeagent.release-staging") == true);
    }

    [Fact]
    public async Task An_image_that_is_not_in_the_registry_is_a_pull_failure()
    {
        var stager = Stager(out _);
        var missing = $"{Repository}@sha256:{new string('a', 64)}";

        var refused = await Assert.ThrowsAsync<StagingException>(() =>
            stager.StageAsync(new AgentUpdateDecision(AgentUpdateAction.Install, "9.9.4", missing, new string('b', 64), 30), CancellationToken.None));

        Assert.StartsWith($"pulling {missing}:", refused.Message, StringComparison.Ordinal);
    }
}
