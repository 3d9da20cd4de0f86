namespace EdgeCtl.Dashboard;

/// <summary>
/// The tunnel mesh as a graph: devices are nodes, known by the address each reports for its mesh
/// bridge; every managed GRE/VXLAN port is a tunnel to its peer's address (a node of its own when no
/// device claims that address). Ports between two nodes make one edge, up only when all are up.
/// </summary>
internal static class DashboardMeshBuilder
{
    public static DashboardMesh Build(IReadOnlyList<DashboardDevice> devices)
    {
        var byAddress = new Dictionary<string, string>(StringComparer.Ordinal);
        var addressOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var device in devices)
        {
            foreach (var bridge in device.Status?.Ovs?.Values ?? [])
            {
                if (bridge.LocalIp is { } address && byAddress.TryAdd(address, device.Id))
                {
                    addressOf.TryAdd(device.Id, address);
                }
            }
        }

        var nodes = new Dictionary<string, DashboardNode>(StringComparer.Ordinal);
        var edges = new SortedDictionary<(string, string), (bool Up, int Ports)>();
        foreach (var device in devices)
        {
            var tunnels = (device.Status?.Ovs?.Values ?? []).SelectMany(b => b.Ports.Values)
                .Where(p => p.Managed && p.Type is "gre" or "vxlan" && p.Peer is not null).ToList();
            if (tunnels.Count == 0 && !addressOf.ContainsKey(device.Id))
            {
                continue;
            }

            nodes[device.Id] = new DashboardNode(device.Id, addressOf.GetValueOrDefault(device.Id), IsDevice: true, device.State);
            foreach (var port in tunnels)
            {
                var peer = byAddress.GetValueOrDefault(port.Peer!) ?? port.Peer!;
                if (!byAddress.ContainsKey(port.Peer!))
                {
                    nodes.TryAdd(peer, new DashboardNode(peer, peer, IsDevice: false, "unknown"));
                }

                var key = string.CompareOrdinal(device.Id, peer) <= 0 ? (device.Id, peer) : (peer, device.Id);
                var (up, count) = edges.TryGetValue(key, out var known) ? known : (true, 0);
                edges[key] = (up && port.LinkState == "up", count + 1);
            }
        }

        return new DashboardMesh(
            [.. nodes.Values.OrderBy(n => n.Id, StringComparer.Ordinal)],
            [.. edges.Select(e => new DashboardEdge(e.Key.Item1, e.Key.Item2, e.Value.Up, e.Value.Ports))]);
    }
}
