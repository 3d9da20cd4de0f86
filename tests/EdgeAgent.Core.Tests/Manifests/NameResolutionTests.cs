using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Manifests;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Manifests;

/// <summary>An app's `hostname`, `dns` and `extraHosts`: each bad value named, carried into the container spec, and absent from the hash when unset.</summary>
public sealed class NameResolutionTests
{
    public static TheoryData<string, string, string> Invalid() => new()
    {
        { "hostname starting with '-'", """{ "web": { "image": "a", "hostname": "-web" } }""", "$.spec.apps.web.hostname" },
        { "hostname with '_'", """{ "web": { "image": "a", "hostname": "my_host" } }""", "$.spec.apps.web.hostname" },
        { "hostname of 64 characters", $$"""{ "web": { "image": "a", "hostname": "{{new string('h', 64)}}" } }""", "$.spec.apps.web.hostname" },
        { "hostname with an empty label", """{ "web": { "image": "a", "hostname": "a..b" } }""", "$.spec.apps.web.hostname" },
        { "hostname with host networking", """{ "web": { "image": "a", "hostname": "web", "security": { "networkMode": "host" } } }""", "$.spec.apps.web.hostname" },
        { "dns not an address", """{ "web": { "image": "a", "dns": [ "8.8.8.8", "dns.example" ] } }""", "$.spec.apps.web.dns[1]" },
        { "nine dns servers", """{ "web": { "image": "a", "dns": [ "1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4", "1.1.1.5", "1.1.1.6", "1.1.1.7", "1.1.1.8", "1.1.1.9" ] } }""", "$.spec.apps.web.dns" },
        { "extra host name", """{ "web": { "image": "a", "extraHosts": { "bad name": "10.0.0.1" } } }""", "$.spec.apps.web.extraHosts" },
        { "extra host address", """{ "web": { "image": "a", "extraHosts": { "db": "10.0.0.300" } } }""", "$.spec.apps.web.extraHosts.db" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Refused_naming_the_field(string name, string apps, string field)
    {
        var refused = Assert.Throws<ManifestException>(() => Parse(ManifestJson(apps: apps)));
        Assert.True(refused.Errors.Any(e => e.Path == field), $"{name}: {string.Join("; ", refused.Errors.Select(e => $"{e.Path}: {e.Message}"))}");
    }

    [Fact]
    public void Carried_into_the_container_spec_in_a_stable_order()
    {
        var manifest = Parse(ManifestJson(apps: """{ "web": { "image": "a", "hostname": "gateway.local", "dns": [ "10.0.0.53", "fd00::53" ], "extraHosts": { "mqtt": "10.0.0.7", "db": "10.0.0.2" } } }"""));

        var spec = DesiredStateBuilder.Build(manifest).Apps["web"].Spec;

        Assert.Equal("gateway.local", spec.Hostname);
        Assert.Equal(["10.0.0.53", "fd00::53"], spec.Dns);
        Assert.Equal(["db:10.0.0.2", "mqtt:10.0.0.7"], spec.ExtraHosts);
    }

    [Fact]
    public void Unset_they_leave_the_spec_hash_as_it_was()
    {
        var plain = DesiredStateBuilder.Build(Parse(ManifestJson(apps: """{ "web": { "image": "a" } }"""))).Apps["web"];
        var empty = DesiredStateBuilder.Build(Parse(ManifestJson(apps: """{ "web": { "image": "a", "dns": [], "extraHosts": {} } }"""))).Apps["web"];
        var named = DesiredStateBuilder.Build(Parse(ManifestJson(apps: """{ "web": { "image": "a", "hostname": "web" } }"""))).Apps["web"];

        Assert.Equal(plain.SpecHash, empty.SpecHash);
        Assert.NotEqual(plain.SpecHash, named.SpecHash); // a set hostname is a change: the container is recreated with it
    }
}
