using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reporting;

namespace EdgeCtl.Fleet;

/// <summary>One device as the broker's retained topics describe it.</summary>
internal sealed record FleetDevice
{
    public required string DeviceId { get; init; }

    /// <summary>"online", "offline" (clean stop or last will), or null when never seen.</summary>
    public string? Online { get; init; }

    public DeviceStatus? Status { get; init; }

    /// <summary>Set when the retained status could not be read.</summary>
    public string? StatusError { get; init; }

    /// <summary>Apps that fail: an error, or desired running but not running.</summary>
    public IReadOnlyList<string> FailingApps => Status?.FailingApps() ?? [];

    /// <summary>
    /// "2/3 up": the agent's GRE/VXLAN tunnel ports whose link ovs-vswitchd reports up, of all of
    /// them; "-" for a device without agent-managed tunnels.
    /// </summary>
    public string Tunnels => Status?.TunnelCounts() is (var up, > 0 and var total) ? $"{up}/{total} up" : "-";

    /// <summary>Online, converged, nothing failing and no refused manifest pending.</summary>
    public bool Healthy =>
        Online == Topics.Online && Status is { Converged: true } status && FailingApps.Count == 0
        && !status.Streams.Values.Any(s => s.RejectionPending);
}
