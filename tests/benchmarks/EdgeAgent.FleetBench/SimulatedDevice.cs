using EdgeAgent.Configuration;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Desired;
using EdgeAgent.Hosting;
using EdgeAgent.Mqtt;
using EdgeAgent.Scheduling;
using EdgeAgent.State;
using EdgeAgent.Testing;
using EdgeAgent.Trust;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAgent.FleetBench;

/// <summary>
/// One device through the agent's own wiring (<see cref="AgentGraph"/>): its broker session, trust,
/// merge, reconcile loop and status code; only Docker and the disk are in memory, and it has no switch.
/// </summary>
internal sealed class SimulatedDevice : IAsyncDisposable
{
    private readonly BrokerSession session;
    private readonly ReconcileLoop loop;

    public SimulatedDevice(string deviceId, string group, string rootFile, BrokerSettings broker, bool refusesCannotStart = false)
    {
        var settings = new AgentSettings
        {
            DeviceId = deviceId,
            Groups = [group],
            StateDir = "/nonexistent/in-memory",
            TrustRoot = rootFile,
            Broker = broker,
            DockerEndpoint = "unix:///nonexistent/in-memory.sock",
            OvsdbEndpoint = "unix:/nonexistent/in-memory.sock",
            Policy = new AdmissionPolicy { RequireDigest = false },
            ProtectedInterfaces = [],
            Logs = LogLimits.Default,
            Probes = [],
            ConfirmWindow = TimeSpan.FromSeconds(30),
            Resync = TimeSpan.FromMinutes(30),
            PullTimeout = TimeSpan.FromMinutes(10),
            PullStall = TimeSpan.FromMinutes(1),
            DiskReserve = DiskReserve.Default,
        };
        var ports = new HostPorts(
            new FakeContainerRuntime(refusesCannotStart),
            new MemoryStateStore(),
            new TrustRootFile(rootFile),
            new HostPathResolver(),
            new ReconcileTrigger(),
            ovs: null,
            links: null,
            probe: null);
        var graph = AgentGraph.Build(settings, ports, NullLoggerFactory.Instance, TimeProvider.System);
        session = graph.Broker!;
        loop = graph.Loop(selfUpdate: null, notifier: null);
    }

    public bool IsConnected => session.IsConnected;

    public async Task StartAsync()
    {
        await session.StartAsync(CancellationToken.None);
        await loop.StartAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await loop.StopAsync(CancellationToken.None);
        await session.StopAsync(CancellationToken.None);
        loop.Dispose();
        session.Dispose();
    }
}
