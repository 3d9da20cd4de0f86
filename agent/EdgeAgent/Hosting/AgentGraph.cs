using EdgeAgent.Configuration;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Core.Reporting;
using EdgeAgent.ManifestSources;
using EdgeAgent.Mqtt;
using EdgeAgent.Scheduling;
using EdgeAgent.SelfUpdate;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Hosting;

/// <summary>
/// The agent's object graph, wired once from its settings and the outside world's ports: for `run`,
/// `apply` and the fleet benchmark's simulated devices alike.
/// </summary>
internal sealed class AgentGraph
{
    private readonly ILogger loopLogger;

    private AgentGraph(AgentSettings settings, HostPorts ports, ILoggerFactory loggers, TimeProvider time)
    {
        Settings = settings;
        Ports = ports;
        Time = time;
        var switchStage = ports.Switch is null
            ? null
            : new OvsReconciler(ports.Switch, ports.Links, ports.Probe, new SafeApplyOptions(settings.ProtectedInterfaces, settings.ConfirmWindow, TimeSpan.FromSeconds(1)), time, ports.State);
        Reconciler = new Reconciler(
            ports.Runtime,
            new PlanRunner(ports.Runtime, time),
            switchStage,
            ports.Links is null ? null : new NetworkAttacher(ports.Links, time),
            new CrashLoopTracker(new BackoffPolicy(), time, ports.State),
            new RollbackLedger(time, ports.State),
            time,
            new ImageLedger(ports.State));
        var gate = new ManifestGate(new PolicyAdmission(settings.Policy, ports.Paths), settings.Logs);
        Trust = new TrustStore(ports.State, ports.RootFile, time, loggers.CreateLogger<TrustStore>());
        Streams = new DesiredStreams(settings.DeviceId, settings.Groups, gate, new ManifestVerifier(settings.DeviceId, settings.Groups, time));
        Feed = new ManifestIntake(Streams, Trust, gate, ports.State, settings.AllowUnsigned);
        Status = new StatusTracker(settings.DeviceId, AgentVersion.Current, time, [.. settings.Groups]);
        File = settings.ManifestFile is { } manifest ? new ManifestFileSource(manifest, Feed) : null;
        Broker = settings.Broker is { } broker ? new BrokerSession(settings.DeviceId, broker, Streams.BrokerStreams, ports.Trigger, time, loggers) : null;

        // Under the loop's category, as before the loop delegated: journal filters read it.
        loopLogger = loggers.CreateLogger<ReconcileLoop>();
    }

    public AgentSettings Settings { get; }
    public HostPorts Ports { get; }
    public TimeProvider Time { get; }
    public ReconcileTrigger Trigger => Ports.Trigger;
    public Reconciler Reconciler { get; }
    public TrustStore Trust { get; }
    public DesiredStreams Streams { get; }
    public ManifestIntake Feed { get; }
    public StatusTracker Status { get; }
    public ManifestFileSource? File { get; }

    /// <summary>The broker session, when a broker is configured: not started until the host starts it.</summary>
    public BrokerSession? Broker { get; }

    public static AgentGraph Build(AgentSettings settings, HostPorts ports, ILoggerFactory loggers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(time);
        return new AgentGraph(settings, ports, loggers, time);
    }

    /// <summary>The daemon's loop over this graph; the host supplies what only it has (self-update stops it; the watchdog).</summary>
    public ReconcileLoop Loop(SelfUpdater? selfUpdate, ISystemdNotifier? notifier)
    {
        var recorder = new IntakeRecorder(Feed, Status, Broker?.Reports, Time, loopLogger);
        return new ReconcileLoop(
            new AgentInputs(Feed, File, Broker?.Inbox, recorder, loopLogger),
            new PassRunner(Reconciler, Status, Broker?.Reports, loopLogger),
            new PassSchedule(Settings.Resync),
            new PassWait(Trigger, Time, notifier),
            selfUpdate);
    }
}
