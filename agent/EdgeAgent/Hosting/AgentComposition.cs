using Docker.DotNet;
using EdgeAgent.Configuration;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Docker;
using EdgeAgent.HostNetwork;
using EdgeAgent.ManifestSources;
using EdgeAgent.Ovs;
using EdgeAgent.State;
using EdgeAgent.Trust;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Hosting;

/// <summary>The agent's object graph, shared by `run` and `apply`.</summary>
internal sealed class AgentComposition : IAsyncDisposable
{
    public AgentComposition(AgentOptions options, string? manifestOverride, bool allowUnsigned, ILoggerFactory loggers, TimeProvider time)
    {
        Options = options;
        Docker = DockerClientFactory.Create(options.Docker.Endpoint);
        Runtime = new DockerContainerRuntime(Docker, loggers.CreateLogger<DockerContainerRuntime>());
        State = new FileStateStore(options.StateDir);
        Runner = new PlanRunner(Runtime, time);
        Trigger = new ReconcileTrigger();
        Ovs = new OvsdbSwitch(options.Ovsdb.Endpoint, Trigger.Request, loggers.CreateLogger<OvsdbSwitch>());
        var links = new IpCommandLinks();
        Reconciler = new Reconciler(
            Runtime,
            Runner,
            new OvsReconciler(
                Ovs,
                links,
                Probe(options),
                new SafeApplyOptions(options.Policy.ProtectedInterfaces, TimeSpan.FromSeconds(options.Network.ConfirmSeconds), TimeSpan.FromSeconds(1)),
                time,
                State),
            new NetworkAttacher(links, time));
        Gate = new ManifestGate(new PolicyAdmission(options.Policy.ToPolicy(options.ProtectedPaths()), new HostPathResolver()));
        Trust = new TrustStore(State, new TrustRootFile(options.TrustRoot), time, loggers.CreateLogger<TrustStore>());
        Streams = new DesiredStreams(options.DeviceId, options.Groups, Gate, new ManifestVerifier(options.DeviceId, options.Groups, time));
        Feed = new ManifestIntake(Streams, Trust, Gate, State, allowUnsigned || options.AllowUnsigned);
        Status = new StatusTracker(options.DeviceId, AgentVersion.Current, time);
        var manifest = manifestOverride ?? options.ManifestFile;
        File = manifest is null ? null : new ManifestFileSource(manifest, Feed);
    }

    public AgentOptions Options { get; }
    public IDockerClient Docker { get; }
    public DockerContainerRuntime Runtime { get; }
    public FileStateStore State { get; }
    public PlanRunner Runner { get; }
    /// <summary>The configured probe targets, else the broker; none: network changes are applied without commit-confirm.</summary>
    private static TcpReachabilityProbe? Probe(AgentOptions options)
    {
        var targets = options.Network.Probes.Select(p => AgentConfiguration.ProbeTarget(p)!.Value).ToList();
        if (targets.Count == 0 && Uri.TryCreate(options.Broker.Url, UriKind.Absolute, out var broker))
        {
            targets.Add((broker.Host, broker.IsDefaultPort || broker.Port <= 0 ? 8883 : broker.Port));
        }

        return targets.Count == 0 ? null : new TcpReachabilityProbe(targets);
    }

    public ReconcileTrigger Trigger { get; }
    public OvsdbSwitch Ovs { get; }
    public Reconciler Reconciler { get; }
    public ManifestGate Gate { get; }
    public TrustStore Trust { get; }
    public DesiredStreams Streams { get; }
    public ManifestIntake Feed { get; }
    public StatusTracker Status { get; }
    public ManifestFileSource? File { get; }

    public async ValueTask DisposeAsync()
    {
        Docker.Dispose();
        await Ovs.DisposeAsync().ConfigureAwait(false);
    }
}
