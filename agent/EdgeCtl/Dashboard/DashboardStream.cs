namespace EdgeCtl.Dashboard;

/// <summary>A desired-state stream of a device: applied there against what its topic holds.</summary>
internal sealed record DashboardStream(string Stream, string Name, long? Applied, long? Held, bool Drift, string? Rejected);
