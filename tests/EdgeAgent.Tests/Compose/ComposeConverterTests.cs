extern alias edgectl;

using System.Text;
using System.Text.Json.Nodes;
using EdgeAgent.Core.Manifests;
using edgectl::EdgeCtl.Compose;

namespace EdgeAgent.Tests.Compose;

/// <summary>
/// The compose subset, field by field: every mapped field lands where the manifest wants it, every
/// refused construct is refused on its own line with what to do, every risky one warned about with
/// the policy setting that admits it; and the output always parses as a device would parse it.
/// </summary>
public sealed class ComposeConverterTests
{
    private static readonly string ComposeDir = Path.Combine(AppContext.BaseDirectory, "compose");

    internal static (JsonObject Manifest, IReadOnlyList<ComposeProblem> Warnings) Convert(string yaml, string? bindRoot = "/srv/edge/stack", Dictionary<string, string>? variables = null, string? directory = null)
    {
        var options = new ComposeOptions
        {
            Name = "stack",
            Version = 7,
            Groups = ["greenhouse"],
            BindRoot = bindRoot,
            IssuedAt = DateTimeOffset.Parse("2026-11-30T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            ExpiresAt = DateTimeOffset.Parse("2027-03-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Variables = variables ?? [],
            Directory = directory ?? Path.GetTempPath(),
        };
        var result = new ComposeConverter(options).Convert(yaml);
        ManifestParser.Parse(Encoding.UTF8.GetBytes(result.Manifest.ToJsonString())); // always what a device accepts
        return result;
    }

    private static JsonNode App(string yaml, string name = "web") => Convert(yaml).Manifest["spec"]!["apps"]![name]!;

    [Fact]
    public void The_seeds_stack_converts_to_the_thesis_manifest()
    {
        var yaml = File.ReadAllText(Path.Combine(ComposeDir, "thesis-stack.yml"));
        var (manifest, warnings) = Convert(yaml, "/srv/edge/thesis", new() { ["MYSQL_ROOT_PASSWORD"] = "change-me" });

        var apps = manifest["spec"]!["apps"]!.AsObject();
        Assert.Equal(["mysql", "nodered", "nginx"], apps.Select(a => a.Key));
        Assert.Equal("""{"mtu":1462,"subnet":"172.20.3.0/24"}""", manifest["spec"]!["networks"]!["edge"]!.ToJsonString());
        Assert.Equal("""{"memory":"256Mi","memorySwap":"256Mi","cpus":1,"cpuShares":1024,"blkioWeight":800,"pidsLimit":256}""", apps["mysql"]!["resources"]!.ToJsonString());
        Assert.Equal("""{"cpus":0.5,"memory":"256Mi","cpuShares":512,"pidsLimit":64}""", apps["nodered"]!["resources"]!.ToJsonString()); // deploy limits, then the merged x-limits anchor
        Assert.Equal("""[{"host":3306,"container":3306,"protocol":"tcp","hostIp":"127.0.0.1"}]""", apps["mysql"]!["ports"]!.ToJsonString());
        Assert.Equal("""[{"source":"/srv/edge/thesis/www","target":"/var/www/html","readOnly":true}]""", apps["nginx"]!["binds"]!.ToJsonString());
        Assert.Equal("""{"test":["CMD","mariadb-admin","ping","--silent"],"intervalSeconds":10,"timeoutSeconds":5,"retries":5,"startPeriodSeconds":30}""", apps["mysql"]!["healthcheck"]!.ToJsonString());
        Assert.Equal("change-me", apps["mysql"]!["env"]!["MYSQL_ROOT_PASSWORD"]!.GetValue<string>());
        Assert.Equal("""["mysql"]""", apps["nodered"]!["dependsOn"]!.ToJsonString());
        Assert.Equal("""{"maxSize":"1Mi","maxFiles":2}""", apps["nginx"]!["logs"]!.ToJsonString());
        Assert.Equal(15, apps["nodered"]!["stopGracePeriodSeconds"]!.GetValue<int>());
        Assert.Single(warnings); // service_healthy is only ordering (the bind is below the default /srv/edge)
    }

    [Fact]
    public void An_iotstack_shaped_stack_converts_with_a_warning_for_each_risky_field()
    {
        var yaml = File.ReadAllText(Path.Combine(ComposeDir, "iotstack.yml"));
        var (manifest, warnings) = Convert(yaml, "/srv/edge/iotstack", new() { ["TZ"] = "Europe/Berlin" });

        var apps = manifest["spec"]!["apps"]!.AsObject();
        Assert.Equal(["mosquitto", "nodered", "influxdb", "grafana", "homeassistant"], apps.Select(a => a.Key));
        Assert.Equal("Europe/Berlin", apps["mosquitto"]!["env"]!["TZ"]!.GetValue<string>());
        Assert.Equal("/srv/edge/iotstack/volumes/nodered/data", apps["nodered"]!["binds"]![0]!["source"]!.GetValue<string>());
        Assert.Equal("""["/dev/ttyAMA0","/dev/vcio","/dev/gpiomem"]""", apps["nodered"]!["security"]!["devices"]!.ToJsonString());
        Assert.Equal("""["stack-default"]""", apps["grafana"]!["networks"]!.ToJsonString()); // compose's project network
        Assert.False(apps["homeassistant"]!.AsObject().ContainsKey("networks"));
        Assert.Equal("host", apps["homeassistant"]!["security"]!["networkMode"]!.GetValue<string>());
        Assert.Contains(warnings, w => w.Path == "services.homeassistant.privileged" && w.Message.Contains("policy.allowPrivileged", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Path == "services.homeassistant.network_mode");
        Assert.Equal(3, warnings.Count(w => w.Path == "services.nodered.devices"));
    }

    public static TheoryData<string, string, int, string, string> Refused() => new()
    {
        // name, compose, line, path, what the message says
        { "build", "services:\n  web:\n    build: .\n", 3, "services.web.build", "build and push the image" },
        { "labels", "services:\n  web:\n    image: a\n    labels: [x=y]\n", 4, "services.web.labels", "labels its containers itself" },
        { "tty", "services:\n  web:\n    image: a\n    tty: true\n", 4, "services.web.tty", "remove tty" },
        { "swarm replicas", "services:\n  web:\n    image: a\n    deploy:\n      replicas: 3\n", 5, "services.web.deploy.replicas", "swarm placement does not apply" },
        { "swarm placement", "services:\n  web:\n    image: a\n    deploy:\n      placement:\n        constraints: [node.role==manager]\n", 5, "services.web.deploy.placement", "swarm placement does not apply" },
        { "secrets", "services:\n  web:\n    image: a\nsecrets:\n  pw:\n    file: pw.txt\n", 4, "secrets", "not supported" },
        { "external network", "services:\n  web:\n    image: a\nnetworks:\n  lan:\n    external: true\n", 6, "networks.lan.external", "define the network here" },
        { "overlay network", "services:\n  web:\n    image: a\nnetworks:\n  lan:\n    driver: overlay\n", 6, "networks.lan.driver", "bridge networks only" },
        { "relative bind without --bind-root", "services:\n  web:\n    image: a\n    volumes: [\"./data:/data\"]\n", 4, "services.web.volumes[0]", "give --bind-root" },
        { "bind leaving --bind-root", "services:\n  web:\n    image: a\n    volumes: [\"../../etc:/etc2\"]\n", 4, "services.web.volumes[0]", "leaves --bind-root" },
        { "anonymous volume", "services:\n  web:\n    image: a\n    volumes: [\"/data\"]\n", 4, "services.web.volumes[0]", "anonymous volume: name it" },
        { "undeclared volume", "services:\n  web:\n    image: a\n    volumes: [\"data:/data\"]\n", 4, "services.web.volumes[0]", "not defined under the top-level volumes" },
        { "tmpfs mount", "services:\n  web:\n    image: a\n    volumes:\n      - type: tmpfs\n        target: /t\n", 5, "services.web.volumes[0]", "only bind and volume" },
        { "container port only", "services:\n  web:\n    image: a\n    ports: [\"80\"]\n", 4, "services.web.ports[0]", "no fixed host port" },
        { "uneven port ranges", "services:\n  web:\n    image: a\n    ports: [\"8000-8002:80-81\"]\n", 4, "services.web.ports[0]", "ranges of the same length" },
        { "device at another path", "services:\n  web:\n    image: a\n    devices: [\"/dev/ttyUSB0:/dev/ttyACM0\"]\n", 4, "services.web.devices", "at its own path" },
        { "syslog logging", "services:\n  web:\n    image: a\n    logging:\n      driver: syslog\n", 5, "services.web.logging.driver", "other drivers are not supported" },
        { "unknown service key", "services:\n  web:\n    image: a\n    frobnicate: yes\n", 4, "services.web.frobnicate", "not a service key" },
        { "unknown top-level key", "services:\n  web:\n    image: a\nfrobnicate: 1\n", 4, "frobnicate", "not a compose key" },
        { "required variable", "services:\n  web:\n    image: ${IMAGE:?set IMAGE to the image to run}\n", 3, "services.web.image", "variable IMAGE is required: set IMAGE" },
        { "lone dollar", "services:\n  web:\n    image: a\n    command: echo $ 1\n", 4, "services.web.command", "write $$" },
        { "restart policy", "services:\n  web:\n    image: a\n    restart: sometimes\n", 4, "services.web.restart", "not a restart policy" },
        { "duration", "services:\n  web:\n    image: a\n    stop_grace_period: soon\n", 4, "services.web.stop_grace_period", "not a duration" },
        { "unlimited swap", "services:\n  web:\n    image: a\n    mem_limit: 64m\n    memswap_limit: -1\n", 5, "services.web.memswap_limit", "unlimited swap" },
        { "unknown dependency", "services:\n  web:\n    image: a\n    depends_on: [db]\n", 4, "services.web.depends_on", "not a service of this file" },
        { "undeclared network", "services:\n  web:\n    image: a\n    networks: [lan]\n", 4, "services.web.networks", "not defined under the top-level networks" },
        { "network aliases", "services:\n  web:\n    image: a\n    networks:\n      lan:\n        aliases: [www]\nnetworks:\n  lan:\n", 5, "services.web.networks.lan", "reached by their names" },
        { "no image", "services:\n  web:\n    restart: always\n", 2, "services.web", "has no image" },
        { "unclosed quote in a command", "services:\n  web:\n    image: a\n    command: sh -c 'echo\n", 4, "services.web.command", "without its closing" },
        { "invalid YAML", "services:\n  web: [\n", 3, "$", "not valid YAML" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refused_on_its_line_saying_what_to_do(string name, string yaml, int line, string path, string message)
    {
        var refused = Assert.Throws<ComposeException>(() => Convert(yaml, bindRoot: name.Contains("without", StringComparison.Ordinal) ? null : "/srv/edge/stack"));
        Assert.True(
            refused.Problems.Any(p => p.Line == line && p.Path == path && p.Message.Contains(message, StringComparison.Ordinal)),
            $"{name}: {string.Join(" | ", refused.Problems)}");
    }

    public static TheoryData<string, string, string> Warned() => new()
    {
        { "services:\n  web:\n    image: a\n    privileged: true\n", "services.web.privileged", "policy.allowPrivileged" },
        { "services:\n  web:\n    image: a\n    network_mode: host\n", "services.web.network_mode", "policy.allowHostNamespaces" },
        { "services:\n  web:\n    image: a\n    cap_add: [NET_ADMIN]\n", "services.web.cap_add", "policy.allowedCapAdd" },
        { "services:\n  web:\n    image: a\n    devices: [/dev/ttyUSB0]\n", "services.web.devices", "policy.allowedDevices" },
        { "services:\n  web:\n    image: a\n    volumes: [/opt/x:/x]\n", "services.web.volumes[0]", "policy.allowedBindPrefixes" },
    };

    [Theory]
    [MemberData(nameof(Warned))]
    public void Risky_fields_are_converted_with_a_warning_naming_the_policy_setting(string yaml, string path, string setting)
    {
        var (_, warnings) = Convert(yaml);
        Assert.Contains(warnings, w => w.Path == path && w.Message.Contains(setting, StringComparison.Ordinal));
    }
}
