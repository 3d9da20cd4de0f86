namespace EdgeAgent.Core.Reporting;

/// <summary>
/// The reported state a device publishes, retained, on its status topic. Read by edgectl and the
/// dashboard across a release of difference (README "Watching the fleet", version skew): a list or
/// map an older agent did not write reads as empty, never null (System.Text.Json's source generator
/// passes null for an absent init-only property, overriding its initializer).
/// </summary>
public sealed record DeviceStatus
{
    public required string DeviceId { get; init; }
    public required string AgentVersion { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>True when the last pass found the device matching its desired state.</summary>
    public bool Converged { get; init; }

    /// <summary>The groups the device belongs to (its configuration): a rollout of a group finds its devices here.</summary>
    public IReadOnlyList<string> Groups { get; init => field = value ?? []; } = [];

    /// <summary>Per desired-state stream (topic, or "local" for a manifest file).</summary>
    public IReadOnlyDictionary<string, StreamStatus> Streams { get; init => field = value ?? new Dictionary<string, StreamStatus>(); } = new Dictionary<string, StreamStatus>();

    /// <summary>Names defined by two group manifests, left out of the merged state.</summary>
    public IReadOnlyList<string> Conflicts { get; init => field = value ?? []; } = [];

    public IReadOnlyDictionary<string, AppStatus> Apps { get; init => field = value ?? new Dictionary<string, AppStatus>(); } = new Dictionary<string, AppStatus>();

    /// <summary>Open vSwitch bridges with their ports, tunnel peers and link state (absent on devices without OVS).</summary>
    public IReadOnlyDictionary<string, BridgeStatus>? Ovs { get; init; }

    /// <summary>The last error that kept the device from converging (observe failure, blocked plan), if any.</summary>
    public string? LastError { get; init; }

    /// <summary>The last agent update (issue J's self-update): attempted, refused or finished; absent before the first.</summary>
    public AgentUpdateOutcome? AgentUpdate { get; init; }

    /// <summary>Apps that fail: an error, or desired running but not running.</summary>
    public IReadOnlyList<string> FailingApps() =>
        [.. Apps.Where(a => a.Value.LastError is not null || (a.Value.Desired == DesiredAppState.Running && a.Value.Observed != "running"))
            .Select(a => a.Key).Order(StringComparer.Ordinal)];

    /// <summary>The agent's GRE/VXLAN tunnel ports: how many ovs-vswitchd reports up, of how many.</summary>
    public (int Up, int Total) TunnelCounts()
    {
        var tunnels = (Ovs?.Values ?? []).SelectMany(b => b.Ports.Values).Where(p => p.Managed && p.Type is "gre" or "vxlan").ToList();
        return (tunnels.Count(p => p.LinkState == "up"), tunnels.Count);
    }
}
