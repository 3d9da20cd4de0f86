using EdgeAgent.Configuration;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Hosting;
using EdgeAgent.Mqtt;
using EdgeAgent.State;
using EdgeAgent.Testing;
using EdgeAgent.Trust;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAgent.FleetBench;

/// <summary>One device: the agent's own session, trust, merge, reconcile loop and status code; only Docker and the disk are in memory.</summary>
internal sealed class SimulatedDevice : IAsyncDisposable
{
    private readonly BrokerSession session;
    private readonly ReconcileLoop loop;

    public SimulatedDevice(string deviceId, string group, string rootFile, BrokerSettings broker, bool refusesCannotStart = false)
    {
        var time = TimeProvider.System;
        var state = new MemoryStateStore();
        var runtime = new FakeContainerRuntime(refusesCannotStart);
        var gate = new ManifestGate(new PolicyAdmission(new AdmissionPolicy { RequireDigest = false }, new HostPathResolver()));
        var trust = new TrustStore(state, new TrustRootFile(rootFile), time, NullLogger<TrustStore>.Instance);
        var streams = new DesiredStreams(deviceId, [group], gate, new ManifestVerifier(deviceId, [group], time));
        var trigger = new ReconcileTrigger();
        session = new BrokerSession(deviceId, broker, streams.BrokerStreams, trigger, time, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        loop = new ReconcileLoop(
            new ManifestIntake(streams, trust, gate, state, allowUnsigned: false),
            null,
            session.Inbox,
            new StatusTracker(deviceId, "bench", time, [group]),
            session.Outbox,
            new Reconciler(runtime, new PlanRunner(runtime, time)),
            trigger,
            TimeSpan.FromMinutes(30),
            time,
            null,
            NullLogger<ReconcileLoop>.Instance);
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
