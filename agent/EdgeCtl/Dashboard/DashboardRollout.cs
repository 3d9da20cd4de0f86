namespace EdgeCtl.Dashboard;

internal sealed record DashboardRollout(string Id, string Group, long Version, long? PreviousVersion, string Phase, int Wave, IReadOnlyList<DashboardWave> Waves, string? Message, DateTimeOffset UpdatedAt);
