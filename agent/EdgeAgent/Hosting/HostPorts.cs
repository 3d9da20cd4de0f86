using EdgeAgent.Core.Abstractions;
using EdgeAgent.Scheduling;

namespace EdgeAgent.Hosting;

/// <summary>
/// The outside world the agent's graph is built on: the device's own (<see cref="DevicePorts"/>) or
/// in-memory ones (the fleet benchmark's simulated devices). A class, not a record: nothing compares
/// or prints it, and a record's synthesized members cost the NativeAOT binary.
/// </summary>
/// <param name="runtime">Containers and images.</param>
/// <param name="state">The state directory.</param>
/// <param name="rootFile">The provisioned trust root.</param>
/// <param name="paths">Resolves bind-mount sources for the policy.</param>
/// <param name="trigger">How the outside world wakes the loop (Docker events, switch drift, broker messages).</param>
/// <param name="ovs">Open vSwitch; null on a device without one (no network stage at all).</param>
/// <param name="links">The host's interfaces; null without them (Docker networks are not joined to bridges).</param>
/// <param name="probe">What must stay reachable after a network change; null when nothing is configured.</param>
internal sealed class HostPorts(
    IContainerRuntime runtime,
    IStateStore state,
    IRootFile rootFile,
    IPathResolver paths,
    ReconcileTrigger trigger,
    IOvsSwitch? ovs,
    IHostLinks? links,
    IReachabilityProbe? probe)
{
    public IContainerRuntime Runtime { get; } = runtime;

    public IStateStore State { get; } = state;

    public IRootFile RootFile { get; } = rootFile;

    public IPathResolver Paths { get; } = paths;

    public ReconcileTrigger Trigger { get; } = trigger;

    public IOvsSwitch? Switch { get; } = ovs;

    public IHostLinks? Links { get; } = links;

    public IReachabilityProbe? Probe { get; } = probe;
}
