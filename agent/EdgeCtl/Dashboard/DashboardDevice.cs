using EdgeAgent.Core.Reporting;

namespace EdgeCtl.Dashboard;

/// <summary>One device: its retained status with what the dashboard derives from it.</summary>
internal sealed record DashboardDevice
{
    public required string Id { get; init; }

    /// <summary>failing, offline, converging, converged, or unknown (never reported).</summary>
    public required string State { get; init; }

    public string? Online { get; init; }
    public DateTimeOffset? LastSeen { get; init; }
    public required IReadOnlyList<DashboardStream> Streams { get; init; }
    public required IReadOnlyList<string> FailingApps { get; init; }
    public required string Tunnels { get; init; }
    public DeviceStatus? Status { get; init; }
    public required IReadOnlyList<AgentEvent> Events { get; init; }
}
