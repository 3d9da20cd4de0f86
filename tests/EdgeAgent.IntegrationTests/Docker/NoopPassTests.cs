using System.Text.RegularExpressions;
using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests.Docker;

/// <summary>
/// What a pass with nothing to do costs the Docker engine, counted independently by a proxy in front
/// of it: while the event stream is connected, one request (the container list); a network removed
/// by hand or an image tagged by hand makes the next pass ask for that list again, and the device is
/// repaired, then passes are back to one request.
/// </summary>
[Collection(DockerTests.Name)]
public sealed partial class NoopPassTests(DockerHost docker) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory temp = new();

    public async Task InitializeAsync()
    {
        await docker.ResetAsync();
        await RemoveSpareNetworkAsync();
    }

    public async Task DisposeAsync()
    {
        await docker.ResetAsync();
        await RemoveSpareNetworkAsync();
        try
        {
            await docker.Client.Images.DeleteImageAsync("itest-noop-tag:1", new global::Docker.DotNet.Models.ImageDeleteParameters());
        }
        catch (global::Docker.DotNet.DockerApiException)
        {
            // not tagged
        }

        temp.Dispose();
    }

    [Fact]
    public async Task A_steady_pass_costs_one_request_and_events_make_the_next_pass_look_again()
    {
        using var proxy = new CountingDockerProxy(temp.File("docker.sock"));
        var manifest = temp.Write("manifest.json", $$"""
            { "apiVersion": "edge/v1", "kind": "Manifest",
              "metadata": { "name": "noop", "version": 1, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z" },
              "spec": { "networks": { "itest-spare": { "subnet": "172.31.251.0/24" } },
                        "apps": { "itest-noop": { "image": "{{DockerHost.Image}}", "command": ["sleep", "3600"], "init": true, "stopGracePeriodSeconds": 1 } } } }
            """);
        var config = temp.AgentConfig(manifestFile: manifest, resyncSeconds: 1, allowUnsigned: true);
        File.WriteAllText(config, File.ReadAllText(config).Replace(DockerHost.Endpoint, $"unix://{proxy.Path}", StringComparison.Ordinal));
        using var agent = AgentProcess.Start(["run", "--config", config], new Dictionary<string, string> { ["EDGEAGENT_LOG_LEVEL"] = "Debug" });
        await DockerHost.EventuallyAsync(async () => await docker.ExistsAsync("itest-noop") && await SpareNetworkExistsAsync(), Timeout, $"converged\n{agent.Stdout}");

        var steady = await SteadyPassesAsync(proxy, agent);

        Assert.Contains("with 1 Docker API calls", agent.Stdout, StringComparison.Ordinal); // the agent's own count agrees

        // A managed network removed by hand: the network list is asked for again and the network is back.
        var spare = (await docker.Client.Networks.ListNetworksAsync(new global::Docker.DotNet.Models.NetworksListParameters())).Single(n => n.Name == "itest-spare");
        await docker.Client.Networks.DeleteNetworkAsync(spare.ID);
        await DockerHost.EventuallyAsync(SpareNetworkExistsAsync, Timeout, $"the network removed by hand is recreated\n{agent.Stdout}");
        Assert.Contains(proxy.Take(), r => r.Contains("/networks", StringComparison.Ordinal));

        // An image tagged by hand: the image list is asked for again.
        await SteadyPassesAsync(proxy, agent);
        await docker.Client.Images.TagImageAsync(DockerHost.Image, new global::Docker.DotNet.Models.ImageTagParameters { RepositoryName = "itest-noop-tag", Tag = "1" });
        await DockerHost.EventuallyAsync(() => Task.FromResult(proxy.Take().Any(r => r.Contains("/images/json", StringComparison.Ordinal))), Timeout, "the image list is read again after a tag");

        // And then stable again: one request per pass.
        await SteadyPassesAsync(proxy, agent);
        Assert.False(agent.HasExited, agent.Stderr);
        Assert.True(steady >= 2, $"{steady} passes");
    }

    /// <summary>Waits for the passes to settle, then checks that a few seconds of passes sent only container lists; returns how many.</summary>
    private static async Task<int> SteadyPassesAsync(CountingDockerProxy proxy, AgentProcess agent)
    {
        await Task.Delay(TimeSpan.FromSeconds(3));
        proxy.Take();
        await Task.Delay(TimeSpan.FromSeconds(4));
        var requests = proxy.Take();
        Assert.True(requests.Count >= 2, $"passes should have run (resync 1 s): {string.Join("\n", requests)}\n{agent.Stdout}");
        Assert.All(requests, r => Assert.Matches(ContainerList(), r));
        return requests.Count;
    }

    private async Task<bool> SpareNetworkExistsAsync() =>
        (await docker.Client.Networks.ListNetworksAsync(new global::Docker.DotNet.Models.NetworksListParameters())).Any(n => n.Name == "itest-spare");

    private async Task RemoveSpareNetworkAsync()
    {
        foreach (var network in (await docker.Client.Networks.ListNetworksAsync(new global::Docker.DotNet.Models.NetworksListParameters())).Where(n => n.Name == "itest-spare"))
        {
            await docker.Client.Networks.DeleteNetworkAsync(network.ID);
        }
    }

    [GeneratedRegex(@"^GET /(v[\d.]+/)?containers/json\?\S* HTTP/1\.1$")]
    private static partial Regex ContainerList();
}
