using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Desired;

/// <summary>The device's desired Open vSwitch state: bridges with their ports, the mesh expanded into tunnel ports.</summary>
public sealed record DesiredOvs
{
    public IReadOnlyDictionary<string, DesiredBridge> Bridges { get; init; } = new Dictionary<string, DesiredBridge>();

    /// <summary>The mesh's bridge and this device's address on it (reported in status, so that a dashboard can join tunnels to devices).</summary>
    public (string Bridge, string LocalIp)? Mesh { get; init; }

    public static DesiredOvs Empty { get; } = new();

    public static DesiredOvs From(OvsSpec? spec)
    {
        if (spec is null)
        {
            return Empty;
        }

        var bridges = new Dictionary<string, DesiredBridge>(StringComparer.Ordinal);
        foreach (var (name, bridge) in spec.Bridges)
        {
            var ports = bridge.Ports.ToDictionary(p => p.Key, p => Port(p.Key, p.Value, bridge.Mtu), StringComparer.Ordinal);
            if (spec.Mesh is { } mesh && mesh.Bridge == name)
            {
                // The thesis's configuregretunnel loop: one tunnel per other peer, named by the peer's
                // address so that removing a peer removes exactly its port. Tunnels are protected ports:
                // a full mesh is a loop, and split horizon (never tunnel to tunnel) breaks it without
                // waiting for STP to converge.
                foreach (var peer in mesh.Peers.Where(p => !SameAddress(p, mesh.LocalIp)).Distinct(StringComparer.Ordinal))
                {
                    var portName = TunnelPortName(mesh.Type, peer);
                    ports.TryAdd(portName, new DesiredPort
                    {
                        Name = portName,
                        Type = mesh.Type,
                        Options = new Dictionary<string, string>(StringComparer.Ordinal) { ["remote_ip"] = peer },
                        Protected = true,
                    });
                }
            }

            bridges[name] = new DesiredBridge
            {
                Name = name,
                DatapathType = bridge.DatapathType,
                Stp = bridge.Stp,
                Mtu = bridge.Mtu,
                OtherConfig = bridge.OtherConfig,
                Ports = ports,
            };
        }

        return new DesiredOvs { Bridges = bridges, Mesh = spec.Mesh is { } m ? (m.Bridge, m.LocalIp) : null };
    }

    /// <summary>"gre-c0a80701" for 192.168.7.1: stable, unique per peer, within the 15 characters of an interface name.</summary>
    public static string TunnelPortName(string type, string peer)
    {
        var prefix = type == "vxlan" ? "vxl-" : "gre-";
        return IPAddress.TryParse(peer, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? prefix + Convert.ToHexStringLower(address.GetAddressBytes())
            : prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(peer)))[..10];
    }

    private static bool SameAddress(string a, string b) =>
        IPAddress.TryParse(a, out var x) && IPAddress.TryParse(b, out var y) ? x.Equals(y) : a == b;

    private static DesiredPort Port(string name, OvsPortSpec port, int? bridgeMtu)
    {
        var options = new Dictionary<string, string>(port.Options, StringComparer.Ordinal);
        if (port.RemoteIp is { } remote)
        {
            options["remote_ip"] = remote;
        }

        if (port.Key is { } key)
        {
            options["key"] = key;
        }

        if (port.Peer is { } peer)
        {
            options["peer"] = peer;
        }

        return new DesiredPort
        {
            Name = name,
            Type = port.Type == "system" ? "" : port.Type,
            Options = options,
            Tag = port.Tag,
            Protected = port.Protected,
            MtuRequest = port.Type == "internal" ? bridgeMtu : null,
            Addresses = port.Addresses,
        };
    }

    /// <summary>A canonical text of the whole desired switch, to recognise a change that was rolled back.</summary>
    public string Fingerprint() => string.Join(
        "\n",
        Bridges.Values.OrderBy(b => b.Name, StringComparer.Ordinal).Select(b =>
            $"{b.Name} {b.DatapathType} stp={b.Stp} mtu={b.Mtu} {string.Join(',', b.OtherConfig.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}"))}: "
            + string.Join("; ", b.Ports.Values.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name} {p.Describe()} [{string.Join(',', p.Addresses)}]"))));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Bridges.Count} bridge(s), {Bridges.Values.Sum(b => b.Ports.Count)} port(s)");
}
