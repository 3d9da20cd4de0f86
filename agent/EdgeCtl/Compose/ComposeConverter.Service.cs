using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace EdgeCtl.Compose;

/// <summary>One service: its keys, each mapped, refused or warned about.</summary>
internal sealed partial class ComposeConverter
{
    private static readonly Dictionary<string, string> Unsupported = new(StringComparer.Ordinal)
    {
        ["build"] = "the agent pulls images, it does not build them: build and push the image (docker build, docker push), then name it in image, pinned by digest",
        ["labels"] = "the agent labels its containers itself; remove labels",
        ["tty"] = "an interactive terminal cannot be attached on an unattended device; remove tty",
        ["stdin_open"] = "an interactive terminal cannot be attached on an unattended device; remove stdin_open",
        ["working_dir"] = "not supported by the manifest: set the working directory in the image (WORKDIR)",
        ["secrets"] = "not supported: put the value in environment or in a bind-mounted file",
        ["configs"] = "not supported: put the file in a bind mount",
        ["extends"] = "not supported: write the service out in full (YAML anchors and x- keys work)",
        ["profiles"] = "not supported: the manifest holds exactly the apps the device runs",
        ["scale"] = "one container per app: define a second service",
        ["links"] = "links are legacy: apps on the same network reach each other by name",
        ["platform"] = "the device pulls the image for its own architecture; remove platform",
        ["volumes_from"] = "name the volumes each app mounts",
        ["tmpfs"] = "not supported by the manifest; use a named volume",
        ["sysctls"] = "not supported by the manifest",
        ["ulimits"] = "not supported by the manifest; pids_limit is",
        ["security_opt"] = "the agent sets no-new-privileges itself; other options are not supported",
    };

    private (string Name, JsonObject Spec)? ConvertService(string service, YamlNode keyNode, YamlMappingNode keys)
    {
        var path = $"services.{service}";
        var app = new JsonObject();
        var security = new JsonObject();
        var resources = new JsonObject();
        var name = appNames[service];
        var hasNetworks = false;
        string? networkMode = null;
        foreach (var (key, node, value) in ComposeReader.Entries(keys))
        {
            var at = $"{path}.{key}";
            switch (key)
            {
                case "image":
                    app["image"] = read.Text(value, at);
                    break;
                case "container_name":
                    break; // the app's name, taken above
                case "restart":
                    Restart(value, at, app);
                    break;
                case "environment":
                    Environment(value, at, app);
                    break;
                case "env_file":
                    EnvFiles(value, at, app);
                    break;
                case "ports":
                    Ports(value, at, app);
                    break;
                case "volumes":
                    Volumes(value, at, app);
                    break;
                case "networks":
                    hasNetworks = true;
                    Networks(value, at, app);
                    break;
                case "network_mode":
                    networkMode = NetworkMode(value, at, security);
                    break;
                case "depends_on":
                    DependsOn(value, at, app);
                    break;
                case "devices":
                    Devices(value, at, security);
                    break;
                case "user":
                    security["user"] = read.Text(value, at);
                    break;
                case "cap_add" or "cap_drop":
                    var caps = read.List(value, at).Select(c => (JsonNode)c.Text).ToArray();
                    security[key == "cap_add" ? "capAdd" : "capDrop"] = new JsonArray(caps);
                    if (key == "cap_add" && caps.Length > 0)
                    {
                        read.Warn(node, at, "added capabilities are admitted only when the device's policy.allowedCapAdd lists them");
                    }

                    break;
                case "privileged":
                    if (read.Flag(value, at) == true)
                    {
                        security["privileged"] = true;
                        read.Warn(node, at, "privileged containers are admitted only where the device's policy.allowPrivileged is true");
                    }

                    break;
                case "command" or "entrypoint":
                    Words(value, at, app, key);
                    break;
                case "hostname":
                    app["hostname"] = read.Text(value, at);
                    break;
                case "dns":
                    app["dns"] = new JsonArray([.. read.List(value, at).Select(d => (JsonNode)d.Text)]);
                    break;
                case "extra_hosts":
                    ExtraHosts(value, at, app);
                    break;
                case "healthcheck":
                    Healthcheck(value, at, app);
                    break;
                case "init":
                    app["init"] = read.Flag(value, at);
                    break;
                case "stop_grace_period":
                    app["stopGracePeriodSeconds"] = Duration(value, at);
                    break;
                case "logging":
                    Logging(value, at, app);
                    break;
                case "read_only":
                    security["readOnlyRootFs"] = read.Flag(value, at);
                    break;
                case "mem_limit" or "memswap_limit" or "cpus" or "cpu_shares" or "cpuset" or "blkio_config" or "pids_limit":
                    Limit(key, value, at, resources);
                    break;
                case "deploy":
                    Deploy(value, at, resources);
                    break;
                case "expose" or "pull_policy":
                    read.Warn(node, at, key == "expose" ? "ignored: expose publishes nothing; apps on one network reach each other's ports anyway" : "ignored: the agent pulls an image when it is not on the device");
                    break;
                case var _ when key.StartsWith("x-", StringComparison.Ordinal):
                    break;
                case var _ when Unsupported.TryGetValue(key, out var why):
                    read.Refuse(node, at, why);
                    break;
                default:
                    read.Refuse(node, at, "not a service key the agent can honour (see the README's \"From docker-compose\" table)");
                    break;
            }
        }

        if (!app.ContainsKey("image") && !keys.Children.ContainsKey(new YamlScalarNode("build")))
        {
            read.Refuse(keyNode, path, "has no image");
        }

        if (!hasNetworks && networkMode is null)
        {
            app["networks"] = new JsonArray(DefaultNetwork);
            usesDefaultNetwork = true;
        }

        if (security.Count > 0)
        {
            app["security"] = security;
        }

        if (resources.Count > 0)
        {
            app["resources"] = resources;
        }

        return (name, app);
    }

    private void Restart(YamlNode value, string at, JsonObject app)
    {
        var text = read.Text(value, at);
        if (text is "no" or "always" or "unless-stopped" or "on-failure" || (text?.StartsWith("on-failure:", StringComparison.Ordinal) ?? false))
        {
            app["restartPolicy"] = text;
        }
        else if (text is not null)
        {
            read.Refuse(value, at, $"'{text}' is not a restart policy (no, always, unless-stopped, on-failure[:N])");
        }
    }

    private void Words(YamlNode value, string at, JsonObject app, string key)
    {
        IReadOnlyList<string> words;
        if (value is YamlSequenceNode)
        {
            words = [.. read.List(value, at).Select(w => w.Text)];
        }
        else if (read.Text(value, at) is { } text)
        {
            try
            {
                words = ShellWords.Split(text);
            }
            catch (FormatException ex)
            {
                read.Refuse(value, at, ex.Message);
                return;
            }
        }
        else
        {
            return;
        }

        app[key] = new JsonArray([.. words.Select(w => (JsonNode)w)]);
    }

    private int? Duration(YamlNode value, string at)
    {
        var text = read.Text(value, at);
        if (text is null)
        {
            return null;
        }

        var seconds = ComposeUnits.Seconds(text);
        if (seconds is null)
        {
            read.Refuse(value, at, $"'{text}' is not a duration (like 10s, 1m30s)");
        }

        return seconds;
    }
}
