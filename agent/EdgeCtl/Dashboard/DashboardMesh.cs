namespace EdgeCtl.Dashboard;

internal sealed record DashboardMesh(IReadOnlyList<DashboardNode> Nodes, IReadOnlyList<DashboardEdge> Edges);
