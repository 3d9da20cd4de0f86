using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeCtl.Compose;

/// <summary>
/// A docker-compose file as a manifest: the subset an edge device can honour, each field mapped as
/// the README's "From docker-compose" table says; anything else refused naming its line and what to
/// do instead, and risky fields warned about with the device policy setting that admits them.
/// </summary>
internal sealed partial class ComposeConverter(ComposeOptions options)
{
    private static readonly string[] RefusedTopLevel = ["secrets", "configs", "include"];
    private readonly ComposeReader read = new(new ComposeVariables(options.Variables));
    private readonly HashSet<string> declaredVolumes = new(StringComparer.Ordinal);
    private readonly JsonObject networks = [];
    private readonly Dictionary<string, string> appNames = new(StringComparer.Ordinal);
    private bool usesDefaultNetwork;

    private string DefaultNetwork => options.Name + "-default";

    /// <summary>The manifest and the warnings; throws <see cref="ComposeException"/> listing every refusal.</summary>
    public (JsonObject Manifest, IReadOnlyList<ComposeProblem> Warnings) Convert(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new BoundedYamlParser(new Parser(new StringReader(yaml))));
        }
        catch (YamlException ex)
        {
            throw new ComposeException([new ComposeProblem((int)ex.Start.Line, "$", $"not valid YAML: {(ex.InnerException ?? ex).Message}", IsWarning: false)]);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ComposeException([new ComposeProblem(1, "$", "a compose file is one YAML document holding a mapping with services:", IsWarning: false)]);
        }

        var apps = new JsonObject();
        YamlMappingNode? services = null;
        foreach (var (key, keyNode, value) in ComposeReader.Entries(root))
        {
            switch (key)
            {
                case "services":
                    services = read.Map(value, "services");
                    break;
                case "networks":
                    ReadNetworks(value);
                    break;
                case "volumes":
                    ReadVolumes(value);
                    break;
                case "version" or "name":
                    break; // obsolete, and the manifest is named by --name
                case var _ when key.StartsWith("x-", StringComparison.Ordinal):
                    break; // extensions: anchors' holders, ignored as compose does
                case var _ when RefusedTopLevel.Contains(key):
                    read.Refuse(keyNode, key, $"{key} are not supported: put the values in environment or in a bind-mounted file under the device's policy.allowedBindPrefixes");
                    break;
                default:
                    read.Refuse(keyNode, key, "not a compose key the agent knows");
                    break;
            }
        }

        if (services is null || services.Children.Count == 0)
        {
            read.Refuse(root, "services", "the file defines no services");
        }
        else
        {
            foreach (var (name, _, value) in ComposeReader.Entries(services))
            {
                // container_name is the app's name (the agent names each container after its app).
                appNames[name] = value is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("container_name"), out var given) && given is YamlScalarNode { Value: { } text } ? text : name;
            }

            foreach (var (name, keyNode, value) in ComposeReader.Entries(services))
            {
                if (read.Map(value, $"services.{name}") is { } service && ConvertService(name, keyNode, service) is { } app)
                {
                    apps[app.Name] = app.Spec;
                }
            }
        }

        if (usesDefaultNetwork && !networks.ContainsKey(DefaultNetwork))
        {
            networks[DefaultNetwork] = new JsonObject(); // compose's project network: the apps reach each other by name
        }

        if (read.Failed)
        {
            throw new ComposeException([.. read.Problems.Where(p => !p.IsWarning)]);
        }

        var target = new JsonObject();
        if (options.Devices.Count > 0)
        {
            target["devices"] = new JsonArray([.. options.Devices.Select(d => (JsonNode)d)]);
        }

        if (options.Groups.Count > 0)
        {
            target["groups"] = new JsonArray([.. options.Groups.Select(g => (JsonNode)g)]);
        }

        var manifest = new JsonObject
        {
            ["apiVersion"] = "edge/v1",
            ["kind"] = "Manifest",
            ["metadata"] = new JsonObject
            {
                ["name"] = options.Name,
                ["version"] = options.Version,
                ["issuedAt"] = Timestamp(options.IssuedAt),
                ["expiresAt"] = Timestamp(options.ExpiresAt),
                ["target"] = target,
            },
            ["spec"] = new JsonObject { ["networks"] = networks, ["apps"] = apps },
        };
        return (manifest, [.. read.Problems.Where(p => p.IsWarning)]);
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private void ReadNetworks(YamlNode node)
    {
        if (read.Map(node, "networks") is not { } map)
        {
            return;
        }

        foreach (var (name, keyNode, value) in ComposeReader.Entries(map))
        {
            var path = $"networks.{name}";
            var network = new JsonObject();
            networks[name == "default" ? DefaultNetwork : name] = network;
            if (ComposeReader.IsNull(value) || read.Map(value, path) is not { } settings)
            {
                continue;
            }

            foreach (var (key, settingKey, setting) in ComposeReader.Entries(settings))
            {
                switch (key)
                {
                    case "driver" when read.Text(setting, $"{path}.driver") is "bridge" or null:
                        break;
                    case "driver":
                        read.Refuse(setting, $"{path}.driver", "the agent creates bridge networks only; for networks across devices use an OVS bridge (spec.ovs, networks.*.ovsBridge)");
                        break;
                    case "ipam":
                        ReadIpam(setting, $"{path}.ipam", network);
                        break;
                    case "driver_opts" when read.Map(setting, $"{path}.driver_opts") is { } opts:
                        foreach (var (opt, optKey, optValue) in ComposeReader.Entries(opts))
                        {
                            if (opt == "com.docker.network.driver.mtu" && int.TryParse(read.Text(optValue, $"{path}.driver_opts.{opt}"), CultureInfo.InvariantCulture, out var mtu))
                            {
                                network["mtu"] = mtu;
                            }
                            else
                            {
                                read.Refuse(optKey, $"{path}.driver_opts.{opt}", "only com.docker.network.driver.mtu is supported");
                            }
                        }

                        break;
                    case var _ when key.StartsWith("x-", StringComparison.Ordinal):
                        break;
                    default:
                        read.Refuse(settingKey, $"{path}.{key}", key == "external" ? "external networks are not supported: define the network here, the agent creates it" : "not supported for networks (driver, ipam, driver_opts mtu are)");
                        break;
                }
            }
        }
    }

    private void ReadIpam(YamlNode node, string path, JsonObject network)
    {
        if (read.Map(node, path) is not { } ipam)
        {
            return;
        }

        foreach (var (key, keyNode, value) in ComposeReader.Entries(ipam))
        {
            if (key == "config" && value is YamlSequenceNode { Children.Count: 1 } configs && read.Map(configs.Children[0], $"{path}.config[0]") is { } config)
            {
                foreach (var (field, fieldKey, fieldValue) in ComposeReader.Entries(config))
                {
                    var manifestField = field switch { "subnet" => "subnet", "gateway" => "gateway", "ip_range" => "ipRange", _ => null };
                    if (manifestField is null)
                    {
                        read.Refuse(fieldKey, $"{path}.config[0].{field}", "only subnet, gateway and ip_range are supported");
                    }
                    else if (read.Text(fieldValue, $"{path}.config[0].{field}") is { } text)
                    {
                        network[manifestField] = text;
                    }
                }
            }
            else if (key != "driver" || read.Text(value, $"{path}.driver") != "default")
            {
                read.Refuse(keyNode, $"{path}.{key}", "only one ipam config entry (subnet, gateway, ip_range) is supported");
            }
        }
    }

    private void ReadVolumes(YamlNode node)
    {
        if (read.Map(node, "volumes") is not { } map)
        {
            return;
        }

        foreach (var (name, keyNode, value) in ComposeReader.Entries(map))
        {
            declaredVolumes.Add(name);
            if (ComposeReader.IsNull(value) || read.Map(value, $"volumes.{name}") is not { } settings)
            {
                continue;
            }

            foreach (var (key, settingKey, setting) in ComposeReader.Entries(settings))
            {
                if (!(key == "driver" && read.Text(setting, $"volumes.{name}.driver") == "local") && !key.StartsWith("x-", StringComparison.Ordinal))
                {
                    read.Refuse(settingKey, $"volumes.{name}.{key}", "the agent creates local named volumes only; for a host directory use a bind (./dir:/target with --bind-root, or an absolute path)");
                }
            }
        }
    }
}
