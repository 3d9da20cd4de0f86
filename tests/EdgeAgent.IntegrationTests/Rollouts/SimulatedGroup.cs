using EdgeAgent.Configuration;
using EdgeAgent.FleetBench;
using EdgeAgent.IntegrationTests.Mqtt;

namespace EdgeAgent.IntegrationTests.Rollouts;

/// <summary>Simulated devices of one group: the agent's real session, trust, merge and reconcile loop each, Docker in memory.</summary>
internal sealed class SimulatedGroup : IAsyncDisposable
{
    private readonly List<SimulatedDevice> devices = [];
    private readonly List<string> ids = [];

    private SimulatedGroup()
    {
    }

    /// <summary>Starts a device per id; <paramref name="refusesCannotStart"/> says which cannot start an image tagged "cannot-start".</summary>
    public static async Task<SimulatedGroup> StartAsync(MosquittoBroker broker, IReadOnlyList<string> ids, string group, string rootFile, Func<string, bool> refusesCannotStart, int subscribeQos = 1)
    {
        var fleet = new SimulatedGroup();
        foreach (var id in ids)
        {
            var settings = BrokerSettings.From(
                new BrokerOptions { Url = $"mqtts://localhost:{broker.Port}", CaFile = broker.CaFile, CertFile = broker.CertFile(id), KeyFile = broker.KeyFile(id), SubscribeQos = subscribeQos },
                "rollout-test")!;
            var device = new SimulatedDevice(id, group, rootFile, settings, refusesCannotStart(id));
            fleet.devices.Add(device);
            fleet.ids.Add(id);
            await device.StartAsync();
        }

        await DockerHost.EventuallyAsync(() => Task.FromResult(fleet.devices.All(d => d.IsConnected)), TimeSpan.FromSeconds(60), "all simulated devices connected");
        return fleet;
    }

    /// <summary>Stops one device as its service manager would: the agent says "offline" and disconnects.</summary>
    public async Task StopAsync(string id)
    {
        var index = ids.IndexOf(id);
        await devices[index].DisposeAsync();
        devices.RemoveAt(index);
        ids.RemoveAt(index);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var device in devices)
        {
            await device.DisposeAsync();
        }
    }
}
