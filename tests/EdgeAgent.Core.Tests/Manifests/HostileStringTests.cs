using System.Text;
using System.Text.Json.Nodes;
using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Tests.Manifests;

/// <summary>
/// The class of input behind "edge\n" reaching Docker as a network name: every string of a complete
/// manifest, and every name used as a key, with a control character appended, is refused with an error
/// at (or under) that field; arguments and env values may hold newlines but never a NUL.
/// </summary>
public sealed class HostileStringTests
{
    private const string Complete = """
        {
          "apiVersion": "edge/v1", "kind": "Manifest",
          "metadata": { "name": "full", "version": 1, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2030-01-01T00:00:00Z",
                        "target": { "devices": ["pi-01"], "groups": ["greenhouse"] } },
          "spec": {
            "networks": { "edge": { "subnet": "172.30.0.0/16", "gateway": "172.30.1.1", "ipRange": "172.30.1.0/24", "mtu": 1462, "ovsBridge": "docker-gre" } },
            "apps": {
              "db": { "image": "registry.example/db@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" },
              "web": {
                "image": "registry.example:5000/web:1.0",
                "command": ["sh", "-c", "echo"], "entrypoint": ["/bin/sh"], "env": { "TZ": "UTC" },
                "ports": [ { "host": 8080, "container": 80, "protocol": "tcp", "hostIp": "127.0.0.1" } ],
                "volumes": [ { "name": "web-data", "target": "/data" } ],
                "binds": [ { "source": "/srv/edge/www", "target": "/www", "readOnly": true } ],
                "networks": ["edge"], "dependsOn": ["db"], "restartPolicy": "on-failure:3",
                "healthcheck": { "test": ["CMD", "wget", "-q", "http://localhost"] },
                "resources": { "memory": "64Mi", "memorySwap": "128Mi", "cpusetCpus": "0-1" },
                "security": { "user": "1000:1000", "capAdd": ["NET_ADMIN"], "capDrop": ["ALL"], "ipcMode": "private", "devices": ["/dev/ttyUSB0"] },
                "update": { "strategy": "stop-first" }, "state": "running"
              }
            },
            "ovs": {
              "bridges": {
                "docker-gre": { "datapathType": "netdev", "otherConfig": { "hwaddr": "02:00:00:00:00:01" },
                  "ports": {
                    "gre-a": { "type": "gre", "remoteIp": "192.168.7.2", "key": "7", "options": { "ttl": "64" } },
                    "patch-a": { "type": "patch", "peer": "patch-b" } } },
                "br-phy": { "ports": { "br-phy": { "type": "internal", "addresses": ["192.168.7.1/24"] } } }
              },
              "mesh": { "bridge": "docker-gre", "type": "gre", "localIp": "192.168.7.1", "peers": ["192.168.7.2", "192.168.7.3"] }
            }
          }
        }
        """;

    /// <summary>Where a newline is part of the value's meaning (a script, an environment value).</summary>
    private static readonly string[] Arguments = ["$.spec.apps.web.command", "$.spec.apps.web.entrypoint", "$.spec.apps.web.healthcheck.test", "$.spec.apps.web.env.TZ"];

    [Fact]
    public void The_complete_manifest_is_valid()
    {
        Assert.Equal("full", ManifestParser.Parse(Encoding.UTF8.GetBytes(Complete)).Metadata.Name);
    }

    public static TheoryData<string> ControlCharacters() => ["\n", "\r", "\t", "\0", "\u001b", "\u007f", "\u0085"];

    [Theory]
    [MemberData(nameof(ControlCharacters))]
    public void Every_string_value_with_a_control_character_is_refused_at_its_field(string control)
    {
        var checkedFields = 0;
        foreach (var (path, mutate) in StringValues(JsonNode.Parse(Complete)!, "$"))
        {
            var document = JsonNode.Parse(Complete)!;
            mutate(document, control);
            var errors = Errors(document);
            if (Arguments.Any(a => path.StartsWith(a, StringComparison.Ordinal)) && control != "\0" && !path.EndsWith(".test[0]", StringComparison.Ordinal))
            {
                Assert.True(errors.Count == 0, $"{path} + {Escape(control)}: an argument may hold it, got: {string.Join("; ", errors)}");
                continue;
            }

            var field = path.StartsWith("$.spec.apps.web.env", StringComparison.Ordinal) ? "$.spec.apps.web.env" : Parent(path);
            Assert.True(errors.Any(e => e.Path.StartsWith(field, StringComparison.Ordinal) || e.Path == "$.metadata.issuedAt" && path.Contains("At", StringComparison.Ordinal)), $"{path} + {Escape(control)}: expected an error at {field}, got: {string.Join("; ", errors)}");
            checkedFields++;
        }

        Assert.True(checkedFields > 40, $"only {checkedFields} fields were exercised");
    }

    [Theory]
    [MemberData(nameof(ControlCharacters))]
    public void Every_name_used_as_a_key_with_a_control_character_is_refused(string control)
    {
        foreach (var mapPath in new[] { "$.spec.networks", "$.spec.apps", "$.spec.apps.web.env", "$.spec.ovs.bridges", "$.spec.ovs.bridges.docker-gre.ports", "$.spec.ovs.bridges.docker-gre.otherConfig", "$.spec.ovs.bridges.docker-gre.ports.gre-a.options" })
        {
            var document = JsonNode.Parse(Complete)!;
            var map = Find(document, mapPath).AsObject();
            var (key, value) = map.First();
            map.Remove(key);
            map[key + control] = value;
            var errors = Errors(document);
            Assert.True(errors.Any(e => e.Path.StartsWith(mapPath, StringComparison.Ordinal)), $"{mapPath} key {key}+{Escape(control)}: got: {string.Join("; ", errors)}");
        }
    }

    [Theory]
    [InlineData("edge\n")]
    [InlineData("a")]
    [InlineData("Web")]
    [InlineData("-web")]
    [InlineData("web_1")]
    public void App_names_docker_cannot_use_are_refused(string name)
    {
        var document = JsonNode.Parse(Complete)!;
        var apps = Find(document, "$.spec.apps").AsObject();
        var db = apps["db"]!.DeepClone();
        apps.Remove("db");
        apps[name] = db;
        Find(document, "$.spec.apps.web.dependsOn")[0] = name;
        Assert.Contains(Errors(document), e => e.Path == "$.spec.apps." + name && e.Message.Contains("2 to 63", StringComparison.Ordinal));
    }

    private static List<ManifestError> Errors(JsonNode document)
    {
        try
        {
            ManifestParser.Parse(Encoding.UTF8.GetBytes(document.ToJsonString()));
            return [];
        }
        catch (ManifestException ex)
        {
            return [.. ex.Errors];
        }
    }

    /// <summary>Every string value in the document, with its JSON path and a way to append to it in a copy.</summary>
    private static IEnumerable<(string Path, Action<JsonNode, string> Mutate)> StringValues(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    foreach (var item in StringValues(child!, $"{path}.{key}"))
                    {
                        yield return item;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var item in StringValues(array[i]!, $"{path}[{i}]"))
                    {
                        yield return item;
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                var target = path;
                yield return (path, (document, suffix) => Replace(document, target, text + suffix));
                break;
        }
    }

    private static void Replace(JsonNode document, string path, string value)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        var parent = Find(document, path[..cut]);
        if (path[cut] == '[')
        {
            parent[int.Parse(path[(cut + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent[path[(cut + 1)..]] = value;
        }
    }

    /// <summary>Follows "$.a.b[0].c" (keys without '.' or '[').</summary>
    private static JsonNode Find(JsonNode document, string path)
    {
        var node = document;
        foreach (var part in path[1..].Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part;
            var index = -1;
            if (part.EndsWith(']'))
            {
                var open = part.IndexOf('[', StringComparison.Ordinal);
                index = int.Parse(part[(open + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
                name = part[..open];
            }

            node = node[name]!;
            if (index >= 0)
            {
                node = node[index]!;
            }
        }

        return node;
    }

    /// <summary>The field an error may be reported at: the value's own path, or the list or map holding it.</summary>
    private static string Parent(string path) => path.EndsWith(']') ? path[..path.LastIndexOf('[')] : path;

    private static string Escape(string control) => $"U+{(int)control[0]:X4}";
}
