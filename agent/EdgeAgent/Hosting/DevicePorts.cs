using EdgeAgent.Configuration;
using EdgeAgent.Docker;
using EdgeAgent.Docker.Engine;
using EdgeAgent.HostNetwork;
using EdgeAgent.Ovs;
using EdgeAgent.Scheduling;
using EdgeAgent.State;
using EdgeAgent.Trust;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Hosting;

/// <summary>The device's own outside world: Docker, Open vSwitch, the ip command, the state directory and the trust root file.</summary>
internal sealed class DevicePorts : IAsyncDisposable
{
    private readonly HttpClient registry = new() { Timeout = TimeSpan.FromSeconds(30) }; // registry manifests before a pull (disk admission)
    private readonly OvsdbSwitch ovs;
    private readonly TimeProvider time;

    public DevicePorts(AgentSettings settings, ILoggerFactory loggers, TimeProvider time)
    {
        this.time = time;
        Docker = new DockerEngine(new Uri(settings.DockerEndpoint));
        var runtimeLogger = loggers.CreateLogger<DockerContainerRuntime>();
        var admissionStall = settings.PullStall < TimeSpan.FromSeconds(30) ? settings.PullStall : TimeSpan.FromSeconds(30);
        Runtime = new DockerContainerRuntime(
            Docker,
            runtimeLogger,
            new ImagePuller(
                Docker,
                new RegistryAuth(settings.Registries),
                settings.PullTimeout,
                settings.PullStall,
                time,
                runtimeLogger,
                new DiskAdmission(Docker, new RegistryClient(registry), settings.DiskReserve, admissionStall, runtimeLogger)));
        State = new FileStateStore(settings.StateDir, time);
        var trigger = new ReconcileTrigger();
        ovs = new OvsdbSwitch(settings.OvsdbEndpoint, trigger.Request, loggers.CreateLogger<OvsdbSwitch>());
        Ports = new HostPorts(
            Runtime,
            State,
            new TrustRootFile(settings.TrustRoot),
            new HostPathResolver(),
            trigger,
            ovs,
            new IpCommandLinks(),
            settings.Probes.Count == 0 ? null : new TcpReachabilityProbe(settings.Probes));
    }

    public DockerEngine Docker { get; }
    public DockerContainerRuntime Runtime { get; }
    public FileStateStore State { get; }
    public HostPorts Ports { get; }

    /// <summary>Docker events wake the loop and keep the runtime's caches current.</summary>
    public DockerEventWatcher EventWatcher(ILogger<DockerEventWatcher> logger) =>
        new(Docker, Runtime.Caches, Ports.Trigger.Request, time, logger);

    public async ValueTask DisposeAsync()
    {
        Docker.Dispose();
        registry.Dispose();
        await ovs.DisposeAsync().ConfigureAwait(false);
    }
}
