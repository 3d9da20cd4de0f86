using System.Text;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Tests.Fakes;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Manifests;

/// <summary>A null where a list or a map holds values (found by the splicing fuzzer): refused naming the field, never thrown.</summary>
public sealed class NullElementTests
{
    private static readonly ManifestGate Gate = new(new PolicyAdmission(new AdmissionPolicy { RequireDigest = false, AllowedBindPrefixes = ["/srv/edge"] }, new IdentityPaths()));

    [Theory]
    [InlineData("\"ports\": [null]", "ports")]
    [InlineData("\"volumes\": [null]", "volumes")]
    [InlineData("\"binds\": [null]", "binds")]
    [InlineData("\"command\": [null]", "command")]
    [InlineData("\"entrypoint\": [null]", "entrypoint")]
    [InlineData("\"networks\": [null]", "networks")]
    [InlineData("\"dependsOn\": [null]", "dependsOn")]
    [InlineData("\"dns\": [null]", "dns")]
    [InlineData("\"env\": { \"A\": null }", "env")]
    [InlineData("\"extraHosts\": { \"h\": null }", "extraHosts")]
    [InlineData("\"security\": { \"capAdd\": [null] }", "capAdd")]
    [InlineData("\"security\": { \"devices\": [null] }", "devices")]
    [InlineData("\"healthcheck\": { \"test\": [\"CMD\", null] }", "test")]
    public void A_null_element_is_refused_naming_the_field(string field, string named)
    {
        var json = ManifestJson(apps: $$"""{ "web": { "image": "edgeagent/busybox:1.35", {{field}} } }""");

        var result = Gate.Admit(Encoding.UTF8.GetBytes(json));

        Assert.False(result.Accepted);
        Assert.Contains(result.Errors, e => e.Contains(named, StringComparison.Ordinal) && e.Contains("null is not allowed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\"healthcheck\": null")]
    [InlineData("\"logs\": null")]
    public void A_null_optional_property_is_absent_as_before(string field) =>
        Assert.True(Gate.Admit(Encoding.UTF8.GetBytes(ManifestJson(apps: $$"""{ "web": { "image": "edgeagent/busybox:1.35", {{field}} } }"""))).Accepted);

    [Theory]
    [InlineData("\"apps\": { \"web\": null }")]
    [InlineData("\"networks\": { \"n1\": null }, \"apps\": {}")]
    [InlineData("\"ovs\": { \"bridges\": { \"br0\": null } }, \"apps\": {}")]
    [InlineData("\"ovs\": { \"bridges\": { \"br0\": { \"ports\": { \"p0\": null } } } }, \"apps\": {}")]
    [InlineData("\"ovs\": { \"bridges\": {}, \"mesh\": { \"bridge\": \"br0\", \"localIp\": \"10.0.0.1\", \"peers\": [null] } }, \"apps\": {}")]
    public void A_null_in_the_spec_maps_is_refused(string spec)
    {
        var json = ManifestJson();
        var start = json.IndexOf("\"spec\":", StringComparison.Ordinal);
        json = json[..start] + "\"spec\": { " + spec + " } }";

        var result = Gate.Admit(Encoding.UTF8.GetBytes(json));

        Assert.False(result.Accepted, json);
        Assert.Contains(result.Errors, e => e.Contains("null is not allowed", StringComparison.Ordinal));
    }
}
