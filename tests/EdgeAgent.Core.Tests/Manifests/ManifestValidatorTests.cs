using System.Text;
using EdgeAgent.Core.Manifests;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Manifests;

/// <summary>Each bad input is rejected with an error that names the offending field.</summary>
public sealed class ManifestValidatorTests
{
    public static TheoryData<string, string, string> InvalidApps() => new()
    {
        { "bad app name", """{ "Web_1": { "image": "a" } }""", "$.spec.apps.Web_1" },
        { "bad image", """{ "web": { "image": "UPPER/Case" } }""", "$.spec.apps.web.image" },
        { "size without unit rule", """{ "web": { "image": "a", "resources": { "memory": "256MB" } } }""", "$.spec.apps.web.resources.memory" },
        { "memory below docker minimum", """{ "web": { "image": "a", "resources": { "memory": "1Mi" } } }""", "$.spec.apps.web.resources.memory" },
        { "swap below memory", """{ "web": { "image": "a", "resources": { "memory": "64Mi", "memorySwap": "32Mi" } } }""", "$.spec.apps.web.resources.memorySwap" },
        { "swap without memory", """{ "web": { "image": "a", "resources": { "memorySwap": "32Mi" } } }""", "$.spec.apps.web.resources.memorySwap" },
        { "cpus zero", """{ "web": { "image": "a", "resources": { "cpus": 0 } } }""", "$.spec.apps.web.resources.cpus" },
        { "cpu shares too small", """{ "web": { "image": "a", "resources": { "cpuShares": 1 } } }""", "$.spec.apps.web.resources.cpuShares" },
        { "cpuset syntax", """{ "web": { "image": "a", "resources": { "cpusetCpus": "0-" } } }""", "$.spec.apps.web.resources.cpusetCpus" },
        { "blkio out of range", """{ "web": { "image": "a", "resources": { "blkioWeight": 5 } } }""", "$.spec.apps.web.resources.blkioWeight" },
        { "pids zero", """{ "web": { "image": "a", "resources": { "pidsLimit": 0 } } }""", "$.spec.apps.web.resources.pidsLimit" },
        { "port zero", """{ "web": { "image": "a", "ports": [ { "host": 0, "container": 80 } ] } }""", "$.spec.apps.web.ports[0].host" },
        { "port too big", """{ "web": { "image": "a", "ports": [ { "host": 80, "container": 70000 } ] } }""", "$.spec.apps.web.ports[0].container" },
        { "bad protocol", """{ "web": { "image": "a", "ports": [ { "host": 80, "container": 80, "protocol": "icmp" } ] } }""", "$.spec.apps.web.ports[0].protocol" },
        { "host port clash", """{ "a": { "image": "a", "ports": [ { "host": 80, "container": 80 } ] }, "b": { "image": "a", "ports": [ { "host": 80, "container": 81 } ] } }""", "$.spec.apps.b.ports[0].host" },
        { "relative bind", """{ "web": { "image": "a", "binds": [ { "source": "srv/x", "target": "/x" } ] } }""", "$.spec.apps.web.binds[0].source" },
        { "relative volume target", """{ "web": { "image": "a", "volumes": [ { "name": "v", "target": "data" } ] } }""", "$.spec.apps.web.volumes[0].target" },
        { "unknown network", """{ "web": { "image": "a", "networks": [ "nowhere" ] } }""", "$.spec.apps.web.networks[0]" },
        { "unknown dependency", """{ "web": { "image": "a", "dependsOn": [ "db" ] } }""", "$.spec.apps.web.dependsOn[0]" },
        { "self dependency", """{ "web": { "image": "a", "dependsOn": [ "web" ] } }""", "$.spec.apps.web.dependsOn[0]" },
        { "dependency cycle", """{ "a": { "image": "a", "dependsOn": [ "b" ] }, "b": { "image": "a", "dependsOn": [ "c" ] }, "c": { "image": "a", "dependsOn": [ "a" ] } }""", "$.spec.apps.a.dependsOn" },
        { "restart policy", """{ "web": { "image": "a", "restartPolicy": "sometimes" } }""", "$.spec.apps.web.restartPolicy" },
        { "healthcheck kind", """{ "web": { "image": "a", "healthcheck": { "test": [ "wget" ] } } }""", "$.spec.apps.web.healthcheck.test" },
        { "healthcheck interval", """{ "web": { "image": "a", "healthcheck": { "test": [ "CMD", "true" ], "intervalSeconds": 0 } } }""", "$.spec.apps.web.healthcheck.intervalSeconds" },
        { "state", """{ "web": { "image": "a", "state": "paused" } }""", "$.spec.apps.web.state" },
        { "update strategy", """{ "web": { "image": "a", "update": { "strategy": "yolo" } } }""", "$.spec.apps.web.update.strategy" },
        { "start-first with a host port", """{ "web": { "image": "a", "ports": [ { "host": 8080, "container": 80 } ], "update": { "strategy": "start-first" } } }""", "$.spec.apps.web.update.strategy" },
        { "negative probation", """{ "web": { "image": "a", "update": { "probationSeconds": -1 } } }""", "$.spec.apps.web.update.probationSeconds" },
        { "probation over a day", """{ "web": { "image": "a", "update": { "probationSeconds": 86401 } } }""", "$.spec.apps.web.update.probationSeconds" },
        { "log file too small", """{ "web": { "image": "a", "logs": { "maxSize": "1Ki" } } }""", "$.spec.apps.web.logs.maxSize" },
        { "log file too large", """{ "web": { "image": "a", "logs": { "maxSize": "2Gi" } } }""", "$.spec.apps.web.logs.maxSize" },
        { "log size not a size", """{ "web": { "image": "a", "logs": { "maxSize": "10MB" } } }""", "$.spec.apps.web.logs.maxSize" },
        { "no log files", """{ "web": { "image": "a", "logs": { "maxFiles": 0 } } }""", "$.spec.apps.web.logs.maxFiles" },
        { "too many log files", """{ "web": { "image": "a", "logs": { "maxFiles": 101 } } }""", "$.spec.apps.web.logs.maxFiles" },
        { "unknown log key", """{ "web": { "image": "a", "logs": { "driver": "syslog" } } }""", "$.spec.apps.web.logs.driver" },
        { "capability name", """{ "web": { "image": "a", "security": { "capAdd": [ "net admin" ] } } }""", "$.spec.apps.web.security.capAdd[0]" },
        { "env key", """{ "web": { "image": "a", "env": { "A=B": "1" } } }""", "$.spec.apps.web.env" },
        { "env value with NUL", """{ "web": { "image": "a", "env": { "A": "x\u0000y" } } }""", "$.spec.apps.web.env.A" },
        { "command with NUL", """{ "web": { "image": "a", "command": [ "sh", "a\u0000b" ] } }""", "$.spec.apps.web.command[1]" },
        { "cpu beyond the kernel's", """{ "web": { "image": "a", "resources": { "cpusetCpus": "0-9999" } } }""", "$.spec.apps.web.resources.cpusetCpus" },
        { "cpu range descending", """{ "web": { "image": "a", "resources": { "cpusetCpus": "3-1" } } }""", "$.spec.apps.web.resources.cpusetCpus" },
        { "cpu number overflowing int", """{ "web": { "image": "a", "resources": { "cpusetCpus": "99999999999" } } }""", "$.spec.apps.web.resources.cpusetCpus" },
        { "restart count with NUL", """{ "web": { "image": "a", "restartPolicy": "on-failure:3\u0000" } }""", "$.spec.apps.web.restartPolicy" },
        { "one-character app", """{ "w": { "image": "a" } }""", "$.spec.apps.w" },
        { "digest with a newline", """{ "web": { "image": "a@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n" } }""", "$.spec.apps.web.image" },
        { "namespace mode in capitals", """{ "web": { "image": "a", "security": { "networkMode": "HOST" } } }""", "$.spec.apps.web.security.networkMode" },
        { "namespace by path", """{ "web": { "image": "a", "security": { "pidMode": "ns:/proc/1/ns/pid" } } }""", "$.spec.apps.web.security.pidMode" },
    };

    [Theory]
    [InlineData("all-or-nothing")]
    [InlineData("Atomic")]
    [InlineData("")]
    public void Unknown_update_mode_is_rejected_naming_the_field(string mode)
    {
        var json = ManifestJson().Replace("\"networks\": {} }", $$"""
            "networks": {}, "update": { "mode": "{{mode}}" } }
            """, StringComparison.Ordinal);
        var ex = Assert.Throws<ManifestException>(() => Parse(json));
        Assert.Contains(ex.Errors, e => e.Path == "$.spec.update.mode");
    }

    [Theory]
    [MemberData(nameof(InvalidApps))]
    public void Invalid_app_is_rejected_naming_the_field(string name, string apps, string path)
    {
        var ex = Assert.Throws<ManifestException>(() => Parse(ManifestJson(apps: apps)));
        Assert.True(ex.Errors.Any(e => e.Path == path), $"{name}: expected an error at {path}, got: {ex.Message}");
    }

    public static TheoryData<string, string, string> InvalidNetworks() => new()
    {
        { "bad subnet", """{ "edge": { "subnet": "172.30.0.0/33" } }""", "$.spec.networks.edge.subnet" },
        { "subnet with host bits", """{ "edge": { "subnet": "172.30.0.1/24" } }""", "$.spec.networks.edge.subnet" },
        { "gateway outside subnet", """{ "edge": { "subnet": "172.30.0.0/24", "gateway": "10.0.0.1" } }""", "$.spec.networks.edge.gateway" },
        { "mtu too small", """{ "edge": { "mtu": 10 } }""", "$.spec.networks.edge.mtu" },
        { "reserved name", """{ "bridge": {} }""", "$.spec.networks.bridge" },
        { "unknown ovs bridge", """{ "edge": { "ovsBridge": "docker-gre" } }""", "$.spec.networks.edge.ovsBridge" },
        { "ip range not a network", """{ "edge": { "subnet": "172.30.0.0/16", "ipRange": "172.30.1.7/24" } }""", "$.spec.networks.edge.ipRange" },
        { "ip range outside subnet", """{ "edge": { "subnet": "172.30.0.0/16", "ipRange": "172.31.1.0/24" } }""", "$.spec.networks.edge.ipRange" },
        { "ip range wider than subnet", """{ "edge": { "subnet": "172.30.1.0/24", "ipRange": "172.30.0.0/16" } }""", "$.spec.networks.edge.ipRange" },
        { "ip range without subnet", """{ "edge": { "ipRange": "172.30.1.0/24" } }""", "$.spec.networks.edge.ipRange" },
    };

    [Fact]
    public void An_address_on_the_own_interface_of_a_bridge_carrying_a_network_is_rejected()
    {
        var json = ManifestJson(networks: """{ "edge": { "ovsBridge": "docker-gre" } }""")
            .Replace("\"networks\":", "\"ovs\": { \"bridges\": { \"docker-gre\": { \"ports\": { \"docker-gre\": { \"type\": \"internal\", \"addresses\": [\"10.0.0.1/24\"] } } } } }, \"networks\":", StringComparison.Ordinal);
        var error = Assert.Single(Assert.Throws<ManifestException>(() => Parse(json)).Errors);
        Assert.Equal("$.spec.ovs.bridges.docker-gre.ports.docker-gre.addresses", error.Path);
    }

    [Fact]
    public void Two_networks_on_one_ovs_bridge_are_rejected_naming_the_second()
    {
        var json = ManifestJson(networks: """{ "a": { "ovsBridge": "docker-gre" }, "b": { "ovsBridge": "docker-gre" } }""")
            .Replace("\"networks\":", "\"ovs\": { \"bridges\": { \"docker-gre\": {} } }, \"networks\":", StringComparison.Ordinal);
        var ex = Assert.Throws<ManifestException>(() => Parse(json));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("$.spec.networks.b.ovsBridge", error.Path);
        Assert.Contains("already carries network \"a\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InvalidNetworks))]
    public void Invalid_network_is_rejected_naming_the_field(string name, string networks, string path)
    {
        var ex = Assert.Throws<ManifestException>(() => Parse(ManifestJson(networks: networks)));
        Assert.True(ex.Errors.Any(e => e.Path == path), $"{name}: expected an error at {path}, got: {ex.Message}");
    }

    [Fact]
    public void Wrong_api_version_kind_and_times_are_reported_together()
    {
        var json = ManifestJson()
            .Replace("\"edge/v1\"", "\"edge/v2\"", StringComparison.Ordinal)
            .Replace("\"Manifest\"", "\"Deployment\"", StringComparison.Ordinal)
            .Replace("2030-01-01T00:00:00Z", "2020-01-01T00:00:00Z", StringComparison.Ordinal);
        var ex = Assert.Throws<ManifestException>(() => ManifestParser.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(["$.apiVersion", "$.kind", "$.metadata.expiresAt"], ex.Errors.Select(e => e.Path));
    }

    [Theory]
    [InlineData("1024", 1024L)]
    [InlineData("512Ki", 512L * 1024)]
    [InlineData("256Mi", 256L << 20)]
    [InlineData("2Gi", 2L << 30)]
    public void Sizes_parse(string text, long bytes)
    {
        Assert.True(ByteSize.TryParse(text, out var parsed));
        Assert.Equal(bytes, parsed.Bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Mi")]
    [InlineData("-1")]
    [InlineData("1.5Gi")]
    [InlineData("1GB")]
    [InlineData("99999999999999999999Gi")]
    public void Bad_sizes_do_not_parse(string text)
    {
        Assert.False(ByteSize.TryParse(text, out _));
    }

    [Theory]
    [InlineData("busybox", true, false)]
    [InlineData("edgeagent/busybox:1.35", true, false)]
    [InlineData("127.0.0.1:5000/edge/web:2", true, false)]
    [InlineData("registry.example/node-red@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true, true)]
    [InlineData("registry.example/node-red:4@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true, true)]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true, true)]
    [InlineData("Busybox", false, false)]
    [InlineData("busybox@sha256:short", false, false)]
    public void Image_references(string reference, bool valid, bool pinned)
    {
        Assert.Equal(valid, ImageReference.IsValid(reference));
        Assert.Equal(pinned, ImageReference.IsPinned(reference));
    }

    public static TheoryData<string, string> BadVersions() => new() { { "0", "0" }, { "2^53", "9007199254740992" }, { "2^63-1", "9223372036854775807" }, { "negative", "-1" } };

    [Theory]
    [MemberData(nameof(BadVersions))]
    public void Versions_outside_what_a_fleet_can_use_are_refused(string name, string version)
    {
        var json = ManifestJson().Replace("\"version\": 1", $"\"version\": {version}", StringComparison.Ordinal);
        var ex = Assert.Throws<ManifestException>(() => Parse(json));
        Assert.True(ex.Errors.Any(e => e.Path == "$.metadata.version"), $"{name}: {ex.Message}");
    }

    [Fact]
    public void The_highest_version_is_accepted()
    {
        Assert.Equal(ManifestMetadata.MaxVersion, Parse(ManifestJson(version: ManifestMetadata.MaxVersion)).Metadata.Version);
    }

    public static TheoryData<string> TimestampsWithoutAnInstant() => ["2026-11-28T00:00:00", "2026-11-28", "2026-11-28 00:00:00Z", "28/11/2026", "2026-11-28T00:00:00Z\n", "2026-11-28T00:00:00+0100"];

    [Theory]
    [MemberData(nameof(TimestampsWithoutAnInstant))]
    public void Timestamps_must_name_one_instant(string issuedAt)
    {
        var json = ManifestJson().Replace("\"2026-11-28T00:00:00Z\"", System.Text.Json.JsonSerializer.Serialize(issuedAt), StringComparison.Ordinal);
        var ex = Assert.Throws<ManifestException>(() => Parse(json));
        Assert.Contains(ex.Errors, e => e.Path == "$.metadata.issuedAt");
    }

    [Fact]
    public void A_timestamp_with_an_offset_is_the_same_instant_in_utc()
    {
        var json = ManifestJson().Replace("\"2026-11-28T00:00:00Z\"", "\"2026-11-28T01:00:00+01:00\"", StringComparison.Ordinal);
        Assert.Equal(DateTimeOffset.Parse("2026-11-28T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Parse(json).Metadata.IssuedAt);
    }

    public static TheoryData<string> TrailingContent() => ["{}", "[]", "x", "\"more\"", "0", "}"];

    [Theory]
    [MemberData(nameof(TrailingContent))]
    public void Content_after_the_manifest_is_refused(string trailing)
    {
        Assert.Throws<ManifestException>(() => Parse(ManifestJson() + trailing));
        Parse(ManifestJson() + " \n\t"); // white space is not content
    }
}
