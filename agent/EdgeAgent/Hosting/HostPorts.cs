using EdgeAgent.Core.Abstractions;
using EdgeAgent.Scheduling;

namespace EdgeAgent.Hosting;

/// <summary>
/// The outside world the agent's graph is built on: the device's own (<see cref="DevicePorts"/>) or
/// in-memory ones (the fleet benchmark's simulated devices).
/// </summary>
/// <param name="Runtime">Containers and images.</param>
/// <param name="State">The state directory.</param>
/// <param name="RootFile">The provisioned trust root.</param>
/// <param name="Paths">Resolves bind-mount sources for the policy.</param>
/// <param name="Trigger">How the outside world wakes the loop (Docker events, switch drift, broker messages).</param>
/// <param name="Switch">Open vSwitch; null on a device without one (no network stage at all).</param>
/// <param name="Links">The host's interfaces; null without them (Docker networks are not joined to bridges).</param>
/// <param name="Probe">What must stay reachable after a network change; null when nothing is configured.</param>
internal sealed record HostPorts(
    IContainerRuntime Runtime,
    IStateStore State,
    IRootFile RootFile,
    IPathResolver Paths,
    ReconcileTrigger Trigger,
    IOvsSwitch? Switch,
    IHostLinks? Links,
    IReachabilityProbe? Probe);
