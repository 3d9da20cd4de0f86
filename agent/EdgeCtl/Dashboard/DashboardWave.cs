namespace EdgeCtl.Dashboard;

internal sealed record DashboardWave(int Devices, IReadOnlyDictionary<string, int> States);
