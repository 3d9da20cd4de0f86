namespace EdgeCtl.Dashboard;

/// <summary>A device on the mesh (or an address no device claims).</summary>
internal sealed record DashboardNode(string Id, string? Address, bool IsDevice, string State);
