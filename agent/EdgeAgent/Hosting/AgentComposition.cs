using EdgeAgent.Configuration;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Docker;
using EdgeAgent.Docker.Engine;
using EdgeAgent.HostNetwork;
using EdgeAgent.ManifestSources;
using EdgeAgent.Ovs;
using EdgeAgent.SelfUpdate;
using EdgeAgent.State;
using EdgeAgent.Trust;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Hosting;

/// <summary>The agent's object graph, shared by `run` and `apply`.</summary>
internal sealed class AgentComposition : IAsyncDisposable
{
    public AgentComposition(AgentSettings options, string? manifestOverride, bool allowUnsigned, ILoggerFactory loggers, TimeProvider time)
    {
        Options = options;
        Docker = new DockerEngine(new Uri(options.DockerEndpoint));
        var runtimeLogger = loggers.CreateLogger<DockerContainerRuntime>();
        Runtime = new DockerContainerRuntime(
            Docker,
            runtimeLogger,
            new ImagePuller(
                Docker,
                new RegistryAuth(options.Registries),
                options.PullTimeout,
                options.PullStall,
                time,
                runtimeLogger,
                new DiskAdmission(Docker, new RegistryClient(Registry), options.DiskReserve, options.PullStall < TimeSpan.FromSeconds(30) ? options.PullStall : TimeSpan.FromSeconds(30), runtimeLogger)));
        State = new FileStateStore(options.StateDir, time);
        Home = new AgentHome(options.StateDir);
        Runner = new PlanRunner(Runtime, time);
        Trigger = new ReconcileTrigger();
        Ovs = new OvsdbSwitch(options.OvsdbEndpoint, Trigger.Request, loggers.CreateLogger<OvsdbSwitch>());
        var links = new IpCommandLinks();
        Reconciler = new Reconciler(
            Runtime,
            Runner,
            new OvsReconciler(
                Ovs,
                links,
                options.Probes.Count == 0 ? null : new TcpReachabilityProbe(options.Probes),
                new SafeApplyOptions(options.ProtectedInterfaces, options.ConfirmWindow, TimeSpan.FromSeconds(1)),
                time,
                State),
            new NetworkAttacher(links, time),
            new CrashLoopTracker(new BackoffPolicy(), time, State),
            new RollbackLedger(time, State),
            time,
            new ImageLedger(State));
        Gate = new ManifestGate(new PolicyAdmission(options.Policy, new HostPathResolver()), options.Logs);
        Trust = new TrustStore(State, new TrustRootFile(options.TrustRoot), time, loggers.CreateLogger<TrustStore>());
        Streams = new DesiredStreams(options.DeviceId, options.Groups, Gate, new ManifestVerifier(options.DeviceId, options.Groups, time));
        Feed = new ManifestIntake(Streams, Trust, Gate, State, allowUnsigned || options.AllowUnsigned);
        Status = new StatusTracker(options.DeviceId, AgentVersion.Current, time, [.. options.Groups]);
        var manifest = manifestOverride ?? options.ManifestFile;
        File = manifest is null ? null : new ManifestFileSource(manifest, Feed);
    }

    public AgentSettings Options { get; }
    public DockerEngine Docker { get; }

    /// <summary>For reading registry manifests before a pull (disk admission).</summary>
    public HttpClient Registry { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };
    public DockerContainerRuntime Runtime { get; }
    public FileStateStore State { get; }

    /// <summary>The agent's own releases (self-update).</summary>
    public AgentHome Home { get; }
    public PlanRunner Runner { get; }
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
        Registry.Dispose();
        await Ovs.DisposeAsync().ConfigureAwait(false);
    }
}
