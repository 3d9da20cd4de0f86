using System.Net;

namespace EdgeAgent.Core.Manifests;

/// <summary>Open vSwitch bridges, ports and the mesh.</summary>
public static partial class ManifestValidator
{
    private static void ValidateOvs(OvsSpec? ovs, Action<string, string> error)
    {
        if (ovs is null)
        {
            return;
        }

        foreach (var (name, bridge) in ovs.Bridges)
        {
            var path = $"$.spec.ovs.bridges.{name}";
            if (!InterfaceNamePattern().IsMatch(name))
            {
                error(path, "bridge names are 1 to 15 characters of letters, digits, '_', '.' and '-'");
            }

            if (!DatapathTypes.Contains(bridge.DatapathType))
            {
                error(path + ".datapathType", "must be \"system\" or \"netdev\"");
            }

            if (bridge.Mtu is { } mtu && (mtu < 68 || mtu > 65535))
            {
                error(path + ".mtu", "must be between 68 and 65535");
            }

            TextRules.RefuseControl(bridge.OtherConfig, path + ".otherConfig", error);

            foreach (var (portName, port) in bridge.Ports)
            {
                var portPath = $"{path}.ports.{portName}";
                if (!InterfaceNamePattern().IsMatch(portName))
                {
                    error(portPath, "port names are 1 to 15 characters of letters, digits, '_', '.' and '-'");
                }

                if (!OvsPortTypes.Contains(port.Type))
                {
                    error(portPath + ".type", "must be internal, patch, gre, vxlan or system");
                }

                if (port.Type is "gre" or "vxlan" && (port.RemoteIp is null || !TextRules.TryParseIp(port.RemoteIp, out _)))
                {
                    error(portPath + ".remoteIp", "a tunnel port needs the peer's IP address");
                }

                if (port.Type == "patch" && string.IsNullOrEmpty(port.Peer))
                {
                    error(portPath + ".peer", "a patch port needs the name of its peer port");
                }
                else if (port.Peer is not null && !InterfaceNamePattern().IsMatch(port.Peer))
                {
                    error(portPath + ".peer", "port names are 1 to 15 characters of letters, digits, '_', '.' and '-'");
                }

                if (port.Key is not null && (port.Key.Length is 0 or > 64 || TextRules.HasControl(port.Key)))
                {
                    error(portPath + ".key", "must be a tunnel key (a number or \"flow\")");
                }

                TextRules.RefuseControl(port.Options, portPath + ".options", error);

                if (port.Tag is { } tag && (tag < 0 || tag > 4095))
                {
                    error(portPath + ".tag", "must be a VLAN id between 0 and 4095");
                }

                for (var i = 0; i < port.Addresses.Count; i++)
                {
                    if (TextRules.HasControl(port.Addresses[i]) || !IPNetwork.TryParse(port.Addresses[i], out _) || !port.Addresses[i].Contains('/', StringComparison.Ordinal))
                    {
                        error($"{portPath}.addresses[{i}]", $"\"{port.Addresses[i]}\" is not an address with prefix such as 10.0.0.1/24");
                    }
                }
            }
        }

        if (ovs.Mesh is { } mesh)
        {
            if (!ovs.Bridges.ContainsKey(mesh.Bridge))
            {
                error("$.spec.ovs.mesh.bridge", $"names bridge \"{mesh.Bridge}\", which spec.ovs.bridges does not define");
            }

            if (mesh.Type is not ("gre" or "vxlan"))
            {
                error("$.spec.ovs.mesh.type", "must be \"gre\" or \"vxlan\"");
            }

            if (!TextRules.TryParseIp(mesh.LocalIp, out _))
            {
                error("$.spec.ovs.mesh.localIp", $"\"{mesh.LocalIp}\" is not an IP address");
            }

            for (var i = 0; i < mesh.Peers.Count; i++)
            {
                if (!TextRules.TryParseIp(mesh.Peers[i], out _))
                {
                    error($"$.spec.ovs.mesh.peers[{i}]", $"\"{mesh.Peers[i]}\" is not an IP address");
                }
            }
        }
    }
}
