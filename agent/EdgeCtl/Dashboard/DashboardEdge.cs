namespace EdgeCtl.Dashboard;

/// <summary>The tunnels between two nodes: up when every port between them reports its link up.</summary>
internal sealed record DashboardEdge(string From, string To, bool Up, int Ports);
