namespace EdgeCtl.Dashboard;

/// <summary>The whole fleet as the page shows it, pushed to the browser on every change.</summary>
internal sealed record DashboardSnapshot
{
    public required DateTimeOffset At { get; init; }
    public required bool BrokerConnected { get; init; }
    public required IReadOnlyDictionary<string, int> ByState { get; init; }
    public required IReadOnlyDictionary<string, int> ByManifest { get; init; }
    public required IReadOnlyDictionary<string, int> ByAgent { get; init; }

    /// <summary>Devices needing attention first: failing, offline, converging, then converged.</summary>
    public required IReadOnlyList<DashboardDevice> Devices { get; init; }

    public required DashboardMesh Mesh { get; init; }
    public required IReadOnlyList<DashboardRollout> Rollouts { get; init; }
}
