using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace EdgeAgent.Core.Manifests;

/// <summary>Semantic checks of a parsed manifest. Every error names the JSON path of the field.</summary>
public static partial class ManifestValidator
{
    private static readonly HashSet<string> Protocols = ["tcp", "udp", "sctp"];
    private static readonly HashSet<string> FixedRestartPolicies = ["no", "always", "unless-stopped", "on-failure"];
    private static readonly HashSet<string> HealthcheckKinds = ["NONE", "CMD", "CMD-SHELL"];
    private static readonly HashSet<string> OvsPortTypes = ["internal", "patch", "gre", "vxlan", "system"];
    private static readonly HashSet<string> DatapathTypes = ["system", "netdev"];

    /// <summary>Docker refuses memory limits below 6 MiB.</summary>
    private const long MinimumMemoryBytes = 6L << 20;

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

        foreach (var (device, i) in metadata.Target.Devices.Select((d, i) => (d, i)))
        {
            if (!NamePattern().IsMatch(device))
            {
                error($"$.metadata.target.devices[{i}]", NameRule);
            }
        }

        foreach (var (group, i) in metadata.Target.Groups.Select((g, i) => (g, i)))
        {
            if (!NamePattern().IsMatch(group))
            {
                error($"$.metadata.target.groups[{i}]", NameRule);
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

    private static void ValidateApps(ManifestSpec spec, Action<string, string> error)
    {
        var hostPorts = new Dictionary<(string Ip, int Port, string Protocol), string>();
        foreach (var (name, app) in spec.Apps)
        {
            var path = $"$.spec.apps.{name}";
            if (!AppNamePattern().IsMatch(name))
            {
                error(path, AppNameRule);
            }

            if (!ImageReference.IsValid(app.Image))
            {
                error(path + ".image", $"{TextRules.Quote(app.Image)} is not a valid image reference");
            }

            foreach (var (key, value) in app.Env)
            {
                if (key.Length == 0 || key.Contains('=', StringComparison.Ordinal) || TextRules.HasControl(key))
                {
                    error($"{path}.env", $"{TextRules.Quote(key)} is not a valid variable name");
                }
                else if (value.Contains('\0', StringComparison.Ordinal))
                {
                    error($"{path}.env.{key}", "must not contain a NUL character");
                }
            }

            TextRules.RefuseNul(app.Command, path + ".command", error);
            TextRules.RefuseNul(app.Entrypoint, path + ".entrypoint", error);
            TextRules.RefuseNul(app.Healthcheck?.Test ?? [], path + ".healthcheck.test", error);

            for (var i = 0; i < app.Ports.Count; i++)
            {
                var port = app.Ports[i];
                var portPath = $"{path}.ports[{i}]";
                if (port.Host is < 1 or > 65535)
                {
                    error(portPath + ".host", "must be between 1 and 65535");
                }

                if (port.Container is < 1 or > 65535)
                {
                    error(portPath + ".container", "must be between 1 and 65535");
                }

                if (!Protocols.Contains(port.Protocol))
                {
                    error(portPath + ".protocol", "must be tcp, udp or sctp");
                }

                if (port.HostIp is not null && !TextRules.TryParseIp(port.HostIp, out _))
                {
                    error(portPath + ".hostIp", $"\"{port.HostIp}\" is not an IP address");
                }

                var key = (port.HostIp ?? "*", port.Host, port.Protocol);
                if (!hostPorts.TryAdd(key, name))
                {
                    error(portPath + ".host", $"host port {port.Host}/{port.Protocol} is already published by app \"{hostPorts[key]}\"");
                }
            }

            for (var i = 0; i < app.Volumes.Count; i++)
            {
                var volume = app.Volumes[i];
                if (!VolumeNamePattern().IsMatch(volume.Name))
                {
                    error($"{path}.volumes[{i}].name", "must start with a letter or digit and hold only letters, digits, '_', '.' and '-'");
                }

                ValidateAbsolutePath(volume.Target, $"{path}.volumes[{i}].target", error);
            }

            for (var i = 0; i < app.Binds.Count; i++)
            {
                ValidateAbsolutePath(app.Binds[i].Source, $"{path}.binds[{i}].source", error);
                ValidateAbsolutePath(app.Binds[i].Target, $"{path}.binds[{i}].target", error);
            }

            for (var i = 0; i < app.Networks.Count; i++)
            {
                if (!spec.Networks.ContainsKey(app.Networks[i]))
                {
                    error($"{path}.networks[{i}]", $"unknown network \"{app.Networks[i]}\": define it in spec.networks");
                }
            }

            if (app.Networks.Count != app.Networks.Distinct(StringComparer.Ordinal).Count())
            {
                error(path + ".networks", "lists a network twice");
            }

            for (var i = 0; i < app.DependsOn.Count; i++)
            {
                var dependency = app.DependsOn[i];
                if (dependency == name)
                {
                    error($"{path}.dependsOn[{i}]", "an app cannot depend on itself");
                }
                else if (!spec.Apps.ContainsKey(dependency))
                {
                    error($"{path}.dependsOn[{i}]", $"unknown app \"{dependency}\"");
                }
            }

            ValidateRestartPolicy(app.RestartPolicy, path + ".restartPolicy", error);
            if (app.StopGracePeriodSeconds is < 0 or > 3600)
            {
                error(path + ".stopGracePeriodSeconds", "must be between 0 and 3600");
            }

            ValidateHealthcheck(app.Healthcheck, path + ".healthcheck", error);
            ValidateResources(app.Resources, path + ".resources", error);
            ValidateSecurity(app.Security, path + ".security", error);

            if (app.Update.Strategy != UpdateSpec.StopFirst)
            {
                error(path + ".update.strategy", $"must be \"{UpdateSpec.StopFirst}\"");
            }

            if (app.Update.ProbationSeconds < 0)
            {
                error(path + ".update.probationSeconds", "must not be negative");
            }

            if (app.State is not (AppStates.Running or AppStates.Stopped))
            {
                error(path + ".state", "must be \"running\" or \"stopped\"");
            }
        }

        if (DependencyGraph.FindCycle(spec.Apps.ToDictionary(a => a.Key, a => a.Value.DependsOn)) is { } cycle)
        {
            error($"$.spec.apps.{cycle[0]}.dependsOn", "dependency cycle: " + string.Join(" -> ", cycle));
        }
    }

    private static void ValidateRestartPolicy(string policy, string path, Action<string, string> error)
    {
        // .NET's integer parsing ignores trailing NULs: refuse control characters before parsing.
        var parts = TextRules.HasControl(policy) ? [""] : policy.Split(':');
        var valid = FixedRestartPolicies.Contains(parts[0]) && (parts.Length == 1
            || (parts.Length == 2 && parts[0] == "on-failure" && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0));
        if (!valid)
        {
            error(path, "must be no, always, unless-stopped, on-failure or on-failure:N");
        }
    }

    private static void ValidateHealthcheck(HealthcheckSpec? healthcheck, string path, Action<string, string> error)
    {
        if (healthcheck is null)
        {
            return;
        }

        if (healthcheck.Test.Count == 0 || !HealthcheckKinds.Contains(healthcheck.Test[0]))
        {
            error(path + ".test", "must start with \"CMD\", \"CMD-SHELL\" or \"NONE\"");
        }
        else if (healthcheck.Test[0] != "NONE" && healthcheck.Test.Count < 2)
        {
            error(path + ".test", "needs a command after " + healthcheck.Test[0]);
        }

        if (healthcheck.IntervalSeconds < 1)
        {
            error(path + ".intervalSeconds", "must be 1 or greater");
        }

        if (healthcheck.TimeoutSeconds < 1)
        {
            error(path + ".timeoutSeconds", "must be 1 or greater");
        }

        if (healthcheck.Retries < 0)
        {
            error(path + ".retries", "must not be negative");
        }

        if (healthcheck.StartPeriodSeconds < 0)
        {
            error(path + ".startPeriodSeconds", "must not be negative");
        }
    }

    private static void ValidateResources(ResourcesSpec resources, string path, Action<string, string> error)
    {
        long? memory = null;
        if (resources.Memory is not null)
        {
            if (!ByteSize.TryParse(resources.Memory, out var bytes))
            {
                error(path + ".memory", $"\"{resources.Memory}\" is not a size: use bytes or a number with Ki, Mi or Gi");
            }
            else if (bytes < MinimumMemoryBytes)
            {
                error(path + ".memory", "must be at least 6Mi");
            }
            else
            {
                memory = bytes;
            }
        }

        if (resources.MemorySwap is not null)
        {
            if (!ByteSize.TryParse(resources.MemorySwap, out var swap))
            {
                error(path + ".memorySwap", $"\"{resources.MemorySwap}\" is not a size: use bytes or a number with Ki, Mi or Gi");
            }
            else if (resources.Memory is null)
            {
                error(path + ".memorySwap", "needs memory to be set too");
            }
            else if (memory is { } m && swap < m)
            {
                error(path + ".memorySwap", "must be at least memory (it is memory plus swap)");
            }
        }

        if (resources.Cpus is { } cpus && (double.IsNaN(cpus) || cpus < 0.01 || cpus > 1024))
        {
            error(path + ".cpus", "must be between 0.01 and 1024");
        }

        if (resources.CpuShares is { } shares && (shares < 2 || shares > 262144))
        {
            error(path + ".cpuShares", "must be between 2 and 262144");
        }

        if (resources.CpusetCpus is not null && !IsCpuList(resources.CpusetCpus))
        {
            error(path + ".cpusetCpus", $"{TextRules.Quote(resources.CpusetCpus)} is not a CPU list such as \"0-1\" or \"0,2\" (CPUs 0 to {MaxCpu}, ranges ascending)");
        }

        if (resources.BlkioWeight is { } weight && (weight < 10 || weight > 1000))
        {
            error(path + ".blkioWeight", "must be between 10 and 1000");
        }

        if (resources.PidsLimit is { } pids && pids < 1)
        {
            error(path + ".pidsLimit", "must be 1 or greater");
        }
    }

    private static void ValidateSecurity(SecuritySpec security, string path, Action<string, string> error)
    {
        for (var i = 0; i < security.CapAdd.Count; i++)
        {
            if (!CapabilityPattern().IsMatch(security.CapAdd[i]))
            {
                error($"{path}.capAdd[{i}]", $"\"{security.CapAdd[i]}\" is not a capability name");
            }
        }

        for (var i = 0; i < security.CapDrop.Count; i++)
        {
            if (!CapabilityPattern().IsMatch(security.CapDrop[i]))
            {
                error($"{path}.capDrop[{i}]", $"\"{security.CapDrop[i]}\" is not a capability name");
            }
        }

        if (security.User is { Length: 0 })
        {
            error(path + ".user", "must not be empty");
        }
        else if (security.User is { } user && (TextRules.HasControl(user) || user.Length > 256))
        {
            error(path + ".user", "must be a user name or id (and group), without control characters");
        }

        foreach (var (field, mode) in new[] { ("networkMode", security.NetworkMode), ("pidMode", security.PidMode), ("ipcMode", security.IpcMode), ("utsMode", security.UtsMode) })
        {
            if (mode is not null && !NamespaceModes.IsWellFormed(mode))
            {
                error($"{path}.{field}", $"{TextRules.Quote(mode)} is not a namespace mode (\"host\", \"container:NAME\", or for networkMode a network name)");
            }
        }

        for (var i = 0; i < security.Devices.Count; i++)
        {
            ValidateAbsolutePath(security.Devices[i], $"{path}.devices[{i}]", error);
        }
    }

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

    private static void ValidateAbsolutePath(string value, string path, Action<string, string> error)
    {
        if (value.Length == 0 || value.Length > 4096 || value[0] != '/' || TextRules.HasControl(value) || value.Contains(':', StringComparison.Ordinal))
        {
            error(path, $"{TextRules.Quote(value)} must be an absolute path without ':' or control characters");
        }
    }

    /// <summary>Docker's cpuset syntax, with CPU numbers it accepts and ranges that ascend.</summary>
    private static bool IsCpuList(string value)
    {
        if (!CpusetPattern().IsMatch(value))
        {
            return false;
        }

        foreach (var part in value.Split(','))
        {
            var bounds = part.Split('-');
            var low = int.Parse(bounds[0], CultureInfo.InvariantCulture);
            var high = int.Parse(bounds[^1], CultureInfo.InvariantCulture);
            if (low > high || high > MaxCpu)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The highest CPU number the Linux kernel configures (NR_CPUS is at most 8192).</summary>
    private const int MaxCpu = 8191;

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

    [GeneratedRegex(@"^[0-9]{1,4}(-[0-9]{1,4})?(,[0-9]{1,4}(-[0-9]{1,4})?)*\z")]
    private static partial Regex CpusetPattern();

    [GeneratedRegex(@"^((CAP_)?[A-Z_]{2,32}|ALL)\z")]
    private static partial Regex CapabilityPattern();
}
