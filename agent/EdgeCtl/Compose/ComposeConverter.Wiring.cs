using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace EdgeCtl.Compose;

/// <summary>Environment, networks, dependencies, devices and hosts of a service.</summary>
internal sealed partial class ComposeConverter
{
    private const int MaxEnvFileBytes = 1 << 20;

    private static JsonObject Env(JsonObject app) => app["env"] as JsonObject ?? (JsonObject)(app["env"] = new JsonObject());

    private void Environment(YamlNode value, string at, JsonObject app)
    {
        var env = Env(app);
        if (value is YamlMappingNode map)
        {
            foreach (var (key, keyNode, item) in ComposeReader.Entries(map))
            {
                // KEY: (no value) takes the value from the environment compose runs in, or leaves it unset.
                var text = ComposeReader.IsNull(item) ? options.Variables.GetValueOrDefault(key) : read.Text(item, $"{at}.{key}");
                if (text is not null)
                {
                    env[key] = text;
                }
            }

            return;
        }

        foreach (var (node, entry) in read.List(value, at))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                if (options.Variables.TryGetValue(entry, out var inherited))
                {
                    env[entry] = inherited;
                }
            }
            else
            {
                env[entry[..equals]] = entry[(equals + 1)..];
            }
        }
    }

    private void EnvFiles(YamlNode value, string at, JsonObject app)
    {
        var env = Env(app);
        var files = value is YamlSequenceNode sequence ? sequence.Children : (IList<YamlNode>)[value];
        for (var i = 0; i < files.Count; i++)
        {
            var node = files[i];
            var required = true;
            string? file;
            if (node is YamlMappingNode longForm)
            {
                file = longForm.Children.TryGetValue(new YamlScalarNode("path"), out var p) ? read.Text(p, $"{at}[{i}].path") : null;
                required = !longForm.Children.TryGetValue(new YamlScalarNode("required"), out var r) || read.Flag(r, $"{at}[{i}].required") != false;
            }
            else
            {
                file = read.Text(node, at);
            }

            if (file is null)
            {
                continue;
            }

            var full = Path.GetFullPath(file, options.Directory);
            if (!File.Exists(full))
            {
                if (required)
                {
                    read.Refuse(node, at, $"{full} does not exist");
                }

                continue;
            }

            try
            {
                foreach (var (key, text) in EnvFile.Parse(EdgeAgent.Shared.RegularFile.ReadAllText(full, MaxEnvFileBytes)))
                {
                    env.Remove(key);
                    env[key] = text;
                }
            }
            catch (IOException ex)
            {
                read.Refuse(node, at, ex.Message);
            }
        }
    }

    private void Networks(YamlNode value, string at, JsonObject app)
    {
        var names = new JsonArray();
        if (value is YamlMappingNode map)
        {
            foreach (var (name, keyNode, settings) in ComposeReader.Entries(map))
            {
                if (!ComposeReader.IsNull(settings) && settings is YamlMappingNode { Children.Count: > 0 })
                {
                    read.Refuse(keyNode, $"{at}.{name}", "aliases and fixed addresses are not supported: apps are reached by their names");
                }

                names.Add((JsonNode)NetworkName(name, keyNode, at));
            }
        }
        else
        {
            foreach (var (node, name) in read.List(value, at))
            {
                names.Add((JsonNode)NetworkName(name, node, at));
            }
        }

        app["networks"] = names;
    }

    private string NetworkName(string name, YamlNode node, string at)
    {
        if (name == "default")
        {
            usesDefaultNetwork = true;
            return DefaultNetwork;
        }

        if (!networks.ContainsKey(name))
        {
            read.Refuse(node, at, $"network '{name}' is not defined under the top-level networks:");
        }

        return name;
    }

    private string? NetworkMode(YamlNode value, string at, JsonObject security)
    {
        var mode = read.Text(value, at);
        string? manifestMode = mode switch
        {
            null => null,
            "host" or "none" or "bridge" => mode,
            _ when mode.StartsWith("service:", StringComparison.Ordinal) => "container:" + appNames.GetValueOrDefault(mode["service:".Length..], mode["service:".Length..]),
            _ when mode.StartsWith("container:", StringComparison.Ordinal) => mode,
            _ => null,
        };
        if (manifestMode is null)
        {
            if (mode is not null)
            {
                read.Refuse(value, at, $"'{mode}' is not a network mode the agent supports (host, none, bridge, service:NAME, container:NAME)");
            }

            return null;
        }

        security["networkMode"] = manifestMode;
        if (manifestMode == "host" || manifestMode.StartsWith("container:", StringComparison.Ordinal))
        {
            read.Warn(value, at, $"{manifestMode} networking is admitted only where the device's policy.allowHostNamespaces is true");
        }

        return manifestMode;
    }

    private void DependsOn(YamlNode value, string at, JsonObject app)
    {
        var names = new JsonArray();
        if (value is YamlMappingNode map)
        {
            foreach (var (service, keyNode, settings) in ComposeReader.Entries(map))
            {
                if (settings is YamlMappingNode conditions && conditions.Children.TryGetValue(new YamlScalarNode("condition"), out var condition)
                    && read.Text(condition, $"{at}.{service}.condition") is { } kind && kind != "service_started")
                {
                    read.Warn(condition, $"{at}.{service}.condition", $"{kind}: the agent starts this app after {service} but does not wait for it to be healthy or to finish; give this app a restart policy so it retries");
                }

                names.Add((JsonNode)DependencyName(service, keyNode, at));
            }
        }
        else
        {
            foreach (var (node, service) in read.List(value, at))
            {
                names.Add((JsonNode)DependencyName(service, node, at));
            }
        }

        app["dependsOn"] = names;
    }

    private string DependencyName(string service, YamlNode node, string at)
    {
        if (!appNames.TryGetValue(service, out var name))
        {
            read.Refuse(node, at, $"'{service}' is not a service of this file");
            return service;
        }

        return name;
    }

    private void Devices(YamlNode value, string at, JsonObject security)
    {
        var devices = new JsonArray();
        foreach (var (node, text) in read.List(value, at))
        {
            var parts = text.Split(':');
            if (parts.Length > 1 && parts[1] != parts[0])
            {
                read.Refuse(node, at, $"'{text}': a device is mapped at its own path in the container ({parts[0]}:{parts[0]})");
                continue;
            }

            devices.Add((JsonNode)parts[0]);
            read.Warn(node, at, $"device {parts[0]} is admitted only when the device's policy.allowedDevices lists it");
        }

        security["devices"] = devices;
    }

    private void ExtraHosts(YamlNode value, string at, JsonObject app)
    {
        var hosts = new JsonObject();
        if (value is YamlMappingNode map)
        {
            foreach (var (host, _, address) in ComposeReader.Entries(map))
            {
                hosts[host] = read.Text(address, $"{at}.{host}");
            }
        }
        else
        {
            foreach (var (node, entry) in read.List(value, at))
            {
                var separator = entry.IndexOfAny(['=', ':']);
                if (separator <= 0)
                {
                    read.Refuse(node, at, $"'{entry}' is not HOST:IP or HOST=IP");
                    continue;
                }

                hosts[entry[..separator]] = entry[(separator + 1)..].Trim('[', ']');
            }
        }

        app["extraHosts"] = hosts;
    }
}
