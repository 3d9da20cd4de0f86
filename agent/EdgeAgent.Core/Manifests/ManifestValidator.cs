using System.Net;
using System.Text.RegularExpressions;

namespace EdgeAgent.Core.Manifests;

/// <summary>Semantic checks of a parsed manifest. Every error names the JSON path of the field.</summary>
public static partial class ManifestValidator
{
    private static readonly HashSet<string> Protocols = ["tcp", "udp", "sctp"];
    private static readonly HashSet<string> HealthcheckKinds = ["NONE", "CMD", "CMD-SHELL"];
    private static readonly HashSet<string> OvsPortTypes = ["internal", "patch", "gre", "vxlan", "system"];
    private static readonly HashSet<string> DatapathTypes = ["system", "netdev"];

    /// <summary>Docker refuses memory limits below 6 MiB.</summary>
    private const long MinimumMemoryBytes = 6L << 20;
    private const int MaxProbationSeconds = 86_400;

    public static IReadOnlyList<ManifestError> Validate(Manifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var errors = new List<ManifestError>();
        void Error(string path, string message) => errors.Add(new ManifestError(path, message));

        if (manifest.ApiVersion != Manifest.CurrentApiVersion)
        {
            Error("$.apiVersion", $"must be \"{Manifest.CurrentApiVersion}\", got \"{manifest.ApiVersion}\"");
        }

        if (manifest.Kind != Manifest.ManifestKind)
        {
            Error("$.kind", $"must be \"{Manifest.ManifestKind}\", got \"{manifest.Kind}\"");
        }

        ValidateMetadata(manifest.Metadata, Error);
        ValidateNetworks(manifest.Spec, Error);
        ValidateApps(manifest.Spec, Error);
        ValidateOvs(manifest.Spec.Ovs, Error);
        ValidateAgent(manifest.Spec.Agent, Error);
        if (manifest.Spec.Update.Mode is not (ManifestUpdateSpec.PerApp or ManifestUpdateSpec.Atomic))
        {
            Error("$.spec.update.mode", $"must be \"{ManifestUpdateSpec.PerApp}\" or \"{ManifestUpdateSpec.Atomic}\"");
        }

        return errors;
    }

    private static void ValidateMetadata(ManifestMetadata metadata, Action<string, string> error)
    {
        if (!NamePattern().IsMatch(metadata.Name))
        {
            error("$.metadata.name", NameRule);
        }

        if (metadata.Version is < 1 or > ManifestMetadata.MaxVersion)
        {
            error("$.metadata.version", $"must be between 1 and {ManifestMetadata.MaxVersion} (2^53-1)");
        }

        if (metadata.ExpiresAt <= metadata.IssuedAt)
        {
            error("$.metadata.expiresAt", "must be later than issuedAt");
        }

        // The JSON converter took each name by the device name rule; a device id must also not be a broker role.
        for (var i = 0; i < metadata.Target.Devices.Count; i++)
        {
            if (BrokerRoles.IsRole(metadata.Target.Devices[i].Value))
            {
                error($"$.metadata.target.devices[{i}]", $"{TextRules.Quote(metadata.Target.Devices[i].Value)} {BrokerRoles.Rule}");
            }
        }
    }

    private static void ValidateNetworks(ManifestSpec spec, Action<string, string> error)
    {
        var attachedBridges = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, network) in spec.Networks)
        {
            var path = $"$.spec.networks.{name}";
            if (!NamePattern().IsMatch(name))
            {
                error(path, "network " + NameRule);
            }

            if (name is "bridge" or "host" or "none" or "default")
            {
                error(path, $"\"{name}\" is reserved by Docker");
            }

            IPNetwork? subnet = null;
            if (network.Subnet is not null)
            {
                if (IPNetwork.TryParse(network.Subnet, out var parsed) && parsed.BaseAddress.ToString() + "/" + parsed.PrefixLength == network.Subnet)
                {
                    subnet = parsed;
                }
                else
                {
                    error(path + ".subnet", $"\"{network.Subnet}\" is not a CIDR network such as 172.17.3.0/24");
                }
            }

            if (network.Gateway is not null)
            {
                if (!TextRules.TryParseIp(network.Gateway, out var gateway))
                {
                    error(path + ".gateway", $"\"{network.Gateway}\" is not an IP address");
                }
                else if (subnet is null)
                {
                    error(path + ".gateway", "needs a subnet");
                }
                else if (!subnet.Value.Contains(gateway))
                {
                    error(path + ".gateway", $"{network.Gateway} is outside {network.Subnet}");
                }
            }

            if (network.IpRange is not null)
            {
                if (!IPNetwork.TryParse(network.IpRange, out var range) || range.BaseAddress.ToString() + "/" + range.PrefixLength != network.IpRange)
                {
                    error(path + ".ipRange", $"\"{network.IpRange}\" is not a CIDR network such as 172.17.3.0/24");
                }
                else if (subnet is null)
                {
                    error(path + ".ipRange", "needs a subnet");
                }
                else if (!subnet.Value.Contains(range.BaseAddress) || range.PrefixLength < subnet.Value.PrefixLength)
                {
                    error(path + ".ipRange", $"{network.IpRange} is outside {network.Subnet}");
                }
            }

            if (network.Mtu is { } mtu && (mtu < 68 || mtu > 65535))
            {
                error(path + ".mtu", "must be between 68 and 65535");
            }

            if (network.OvsBridge is not null && !(spec.Ovs?.Bridges.ContainsKey(network.OvsBridge) ?? false))
            {
                error(path + ".ovsBridge", $"names bridge \"{network.OvsBridge}\", which spec.ovs.bridges does not define");
            }
            else if (network.OvsBridge is not null && !attachedBridges.TryAdd(network.OvsBridge, name))
            {
                // The bridge's own interface becomes a port of the network's Linux bridge: it can be in one only.
                error(path + ".ovsBridge", $"bridge \"{network.OvsBridge}\" already carries network \"{attachedBridges[network.OvsBridge]}\"");
            }
            else if (network.OvsBridge is { } bridge && spec.Ovs!.Bridges[bridge].Ports.TryGetValue(bridge, out var own) && own.Addresses.Count > 0)
            {
                // Once a port of the network's Linux bridge, the interface no longer answers on its own addresses.
                error($"$.spec.ovs.bridges.{bridge}.ports.{bridge}.addresses", $"bridge {bridge}'s own interface joins network \"{name}\", where an address does not work; give the network a gateway instead");
            }
        }
    }

    private static void ValidateAbsolutePath(string value, string path, Action<string, string> error)
    {
        if (value.Length == 0 || value.Length > 4096 || value[0] != '/' || TextRules.HasControl(value) || value.Contains(':', StringComparison.Ordinal))
        {
            error(path, $"{TextRules.Quote(value)} must be an absolute path without ':' or control characters");
        }
    }

    private const string NameRule = "names are 1 to 63 lowercase letters, digits and '-', starting with a letter or digit";
    private const string AppNameRule = "app names are 2 to 63 lowercase letters, digits and '-', starting with a letter or digit (an app's name is its container's name)";

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,62}\z")]
    private static partial Regex NamePattern();

    /// <summary>An app's name is its container's name, and Docker needs at least two characters there.</summary>
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{1,62}\z")]
    private static partial Regex AppNamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}\z")]
    private static partial Regex VolumeNamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,15}\z")]
    private static partial Regex InterfaceNamePattern();

    /// <summary>A Linux interface name as OVS and `ip` take it: 1-15 of letters, digits, '_', '.', '-'.</summary>
    /// <summary>An app's name (also its container's): the rule every app in a manifest follows.</summary>
    public static bool IsAppName(string? name) => name is not null && AppNamePattern().IsMatch(name);

    public static bool IsInterfaceName(string? name) => name is not null && InterfaceNamePattern().IsMatch(name);

    [GeneratedRegex(@"^[0-9]{1,4}(-[0-9]{1,4})?(,[0-9]{1,4}(-[0-9]{1,4})?)*\z")]
    private static partial Regex CpusetPattern();

}
