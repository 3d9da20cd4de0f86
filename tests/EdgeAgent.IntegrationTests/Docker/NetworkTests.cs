using Docker.DotNet.Models;

namespace EdgeAgent.IntegrationTests.Docker;

/// <summary>Agent-owned Docker networks: subnet, MTU, several networks per app, and ownership.</summary>
[Collection(DockerTests.Name)]
public sealed class NetworkTests(DockerHost docker) : IAsyncLifetime
{
    private const string Unmanaged = "itest-unmanaged-net";

    public async Task InitializeAsync()
    {
        await docker.ResetAsync();
        await RemoveUnmanagedAsync();
        await docker.Client.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = Unmanaged, Driver = "bridge" });
    }

    public async Task DisposeAsync()
    {
        await docker.ResetAsync();
        await RemoveUnmanagedAsync();
    }

    private async Task RemoveUnmanagedAsync()
    {
        try
        {
            await docker.Client.Networks.DeleteNetworkAsync(Unmanaged);
        }
        catch (global::Docker.DotNet.DockerNetworkNotFoundException)
        {
        }
    }

    private static string Manifest(bool withBack) => $$"""
        {
          "apiVersion": "edge/v1", "kind": "Manifest",
          "metadata": { "name": "nets", "version": 1, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z" },
          "spec": {
            "networks": {
              "itest-front": { "subnet": "172.31.251.0/24", "gateway": "172.31.251.1", "mtu": 1400 }{{(withBack ? """
              , "itest-back": { "subnet": "172.31.252.0/24" }
        """ : "")}}
            },
            "apps": { "itest-app": {
              "image": "{{DockerHost.Image}}", "command": ["sleep", "3600"], "init": true,
              "networks": [ "itest-front"{{(withBack ? ", \"itest-back\"" : "")}} ]
            } }
          }
        }
        """;

    private async Task ConvergeAsync(string manifest)
    {
        var passes = await DockerHost.NewReconciler(docker.NewRuntime()).ConvergeAsync(DockerHost.Admit(manifest), 4, CancellationToken.None);
        Assert.True(passes[^1].Converged, string.Join("; ", passes.SelectMany(p => p.Results)));
    }

    [Fact]
    public async Task App_joins_every_network_and_a_dropped_network_is_removed_but_unmanaged_ones_stay()
    {
        await ConvergeAsync(Manifest(withBack: true));
        var app = await docker.InspectAsync("itest-app");
        Assert.Equal(["itest-back", "itest-front"], app.NetworkSettings.Networks.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("172.31.252.", app.NetworkSettings.Networks["itest-back"].IPAddress, StringComparison.Ordinal);
        var front = await docker.Client.Networks.InspectNetworkAsync("itest-front");
        Assert.Equal("172.31.251.1", front.IPAM.Config.Single().Gateway);
        Assert.Equal("1400", front.Options["com.docker.network.driver.mtu"]);

        await ConvergeAsync(Manifest(withBack: false));
        var networks = (await docker.Client.Networks.ListNetworksAsync()).Select(n => n.Name).ToList();
        Assert.DoesNotContain("itest-back", networks);
        Assert.Contains("itest-front", networks);
        Assert.Contains(Unmanaged, networks);
        Assert.Equal(["itest-front"], (await docker.InspectAsync("itest-app")).NetworkSettings.Networks.Keys);
    }
}
