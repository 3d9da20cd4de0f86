using Docker.DotNet.Models;
using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Planning;
using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests.Docker;

/// <summary>
/// The pull path, by digest, from a real registry on loopback (build/registry.sh starts it and
/// pushes the test image), with the default policy that requires digests.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class PullTests(DockerHost docker) : IAsyncLifetime
{
    private const string Repository = "127.0.0.1:5000/edgeagent/busybox";
    private readonly TempDirectory temp = new();
    private string pinned = "";

    public async Task InitializeAsync()
    {
        await docker.ResetAsync();
        using var http = new HttpClient();
        var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "http://127.0.0.1:5000/v2/edgeagent/busybox/manifests/1.35")
        {
            Headers = { { "Accept", "application/vnd.docker.distribution.manifest.v2+json" } },
        });
        Assert.True(response.IsSuccessStatusCode, "the test registry on 127.0.0.1:5000 holds edgeagent/busybox:1.35 (build/registry.sh)");
        pinned = $"{Repository}@{response.Headers.GetValues("Docker-Content-Digest").Single()}";
        await ForgetAsync();
    }

    public async Task DisposeAsync()
    {
        await docker.ResetAsync();
        temp.Dispose();
    }

    /// <summary>Removes the registry's name for the image locally, so the agent must pull it.</summary>
    private async Task ForgetAsync()
    {
        foreach (var reference in new[] { pinned, Repository + ":1.35" })
        {
            try
            {
                await docker.Client.Images.DeleteImageAsync(reference, new ImageDeleteParameters());
            }
            catch (global::Docker.DotNet.DockerImageNotFoundException)
            {
            }
        }
    }

    private static string Manifest(string image) => $$"""
        {
          "apiVersion": "edge/v1", "kind": "Manifest",
          "metadata": { "name": "pull", "version": 1, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z" },
          "spec": { "apps": {
            "itest-pulled": { "image": "{{image}}", "command": ["sleep", "3600"], "init": true, "resources": { "memory": "16Mi" } },
            "itest-local": { "image": "{{DockerHost.Image}}", "command": ["sleep", "3600"], "init": true }
          } }
        }
        """;

    [Fact]
    public async Task Pinned_image_is_pulled_only_when_missing_and_the_pull_is_logged()
    {
        var config = temp.Write("agent.json", $$"""
            { "deviceId": "pi-01", "stateDir": "{{temp.File("state")}}", "docker": { "endpoint": "{{DockerHost.Endpoint}}" },
              "policy": { "requireDigest": true } }
            """);
        var manifest = temp.Write("manifest.json", Manifest(pinned).Replace($"\"{DockerHost.Image}\"", $"\"{pinned}\"", StringComparison.Ordinal));

        var (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", manifest, "--once", "--allow-unsigned", "--config", config]);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Single(stdout.Split('\n'), l => l.Contains("ok      pull image " + pinned, StringComparison.Ordinal));
        Assert.Contains("Pulling image " + pinned, stdout + stderr, StringComparison.Ordinal);
        Assert.Contains("Pulled " + pinned, stdout + stderr, StringComparison.Ordinal);
        Assert.Equal(pinned, (await docker.InspectAsync("itest-pulled")).Config.Image);

        // Present now: a second run pulls nothing and plans nothing.
        var (again, againOut, _) = await AgentProcess.RunAsync(["apply", "--manifest", manifest, "--once", "--allow-unsigned", "--config", config]);
        Assert.Equal(0, again);
        Assert.Contains("pass 1: nothing to do", againOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_pull_is_retried_then_reported_and_does_not_stop_other_apps()
    {
        var missing = Repository + "@sha256:" + new string('0', 64);
        var runtime = docker.NewRuntime();
        var desired = DockerHost.Admit(Manifest(missing));
        var pass = await DockerHost.NewReconciler(runtime).RunPassAsync(desired, dryRun: false, CancellationToken.None);

        var pull = pass.Results.Single(r => r.Step is PullImageStep);
        Assert.Equal(StepOutcome.Failed, pull.Outcome);
        Assert.Equal(FailureKind.Retryable, pull.FailureKind);
        Assert.Equal(3, pull.Attempts);
        Assert.Contains(missing, pull.Error, StringComparison.Ordinal);
        Assert.All(pass.Results.Where(r => r.Step.Target == "itest-pulled" && r.Step is not PullImageStep), r => Assert.Equal(StepOutcome.Skipped, r.Outcome));
        Assert.True((await docker.InspectAsync("itest-local")).State.Running);
    }
}
