using System.Text;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Manifests;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Manifests;

/// <summary>
/// Sizes, restart policies, capabilities and app states are parsed once, when the manifest is read:
/// a bad one is an error naming its field, a good one reaches the desired state as parsed, and the
/// manifest writes each back as it was written.
/// </summary>
public sealed class TypedValueTests
{
    private static string App(string field, string value) =>
        ManifestJson(apps: $$"""{ "web": { "image": "edgeagent/busybox:1.35", {{field}}: {{value}} } }""");

    public static TheoryData<string, string, string, string> BadValues() => new()
    {
        // field as written, its JSON value, the path of the error, words of the message
        { "\"resources\": { \"memory\"", "\"12Mb\" }", "$.spec.apps.web.resources.memory", "is not a size" },
        { "\"resources\": { \"memory\"", "\"-5Mi\" }", "$.spec.apps.web.resources.memory", "is not a size" },
        { "\"resources\": { \"memory\"", "\"99999999999Gi\" }", "$.spec.apps.web.resources.memory", "is not a size" },
        { "\"resources\": { \"memory\"", "\"\" }", "$.spec.apps.web.resources.memory", "is not a size" },
        { "\"resources\": { \"memory\"", "67108864 }", "$.spec.apps.web.resources.memory", "must be a string" },
        { "\"resources\": { \"memory\": \"64Mi\", \"memorySwap\"", "\"lots\" }", "$.spec.apps.web.resources.memorySwap", "is not a size" },
        { "\"restartPolicy\"", "\"sometimes\"", "$.spec.apps.web.restartPolicy", "on-failure:N" },
        { "\"restartPolicy\"", "\"on-failure:0\"", "$.spec.apps.web.restartPolicy", "on-failure:N" },
        { "\"restartPolicy\"", "\"always:3\"", "$.spec.apps.web.restartPolicy", "on-failure:N" },
        { "\"restartPolicy\"", "\"on-failure:3\\u0000\"", "$.spec.apps.web.restartPolicy", "on-failure:N" },
        { "\"restartPolicy\"", "null", "$.spec.apps.web.restartPolicy", "must be a string" },
        { "\"state\"", "\"paused\"", "$.spec.apps.web.state", "\"running\" or \"stopped\"" },
        { "\"state\"", "true", "$.spec.apps.web.state", "must be a string" },
        { "\"security\": { \"capAdd\"", "[\"net_admin\"] }", "$.spec.apps.web.security.capAdd[0]", "is not a capability name" },
        { "\"security\": { \"capDrop\"", "[\"ALL\", \"SYS ADMIN\"] }", "$.spec.apps.web.security.capDrop[1]", "is not a capability name" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_value_is_an_error_naming_its_field(string field, string value, string path, string message)
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestParser.Parse(Encoding.UTF8.GetBytes(App(field, value))));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("EdgeAgent.", error.Message, StringComparison.Ordinal); // no type names
    }

    [Fact]
    public void Parsed_values_reach_the_desired_state_as_parsed()
    {
        var manifest = Parse(App("\"restartPolicy\": \"on-failure:3\", \"state\": \"stopped\", \"resources\"", "{ \"memory\": \"64Mi\", \"memorySwap\": \"1Gi\" }, \"security\": { \"capAdd\": [\"CAP_NET_ADMIN\"], \"capDrop\": [\"ALL\"] }"));
        var app = DesiredStateBuilder.Build(manifest).Apps["web"];

        Assert.Equal(("on-failure", 3), (app.Spec.RestartPolicy, app.Spec.RestartMaxRetries));
        Assert.False(app.Running);
        Assert.Equal((64L << 20, 1L << 30), (app.Resources.MemoryBytes, app.Resources.MemorySwapBytes));
        Assert.Equal(["NET_ADMIN"], app.Spec.CapAdd);
        Assert.Equal(["ALL"], app.Spec.CapDrop);
    }

    [Fact]
    public void The_manifest_writes_each_value_back_as_written()
    {
        var manifest = Parse(App("\"restartPolicy\": \"on-failure:3\", \"state\": \"stopped\", \"resources\"", "{ \"memory\": \"65536Ki\", \"memorySwap\": \"134217728\" }"));
        var json = Encoding.UTF8.GetString(ManifestParser.Serialize(manifest)).Replace(": ", ":", StringComparison.Ordinal);

        Assert.Contains("\"restartPolicy\":\"on-failure:3\"", json, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"stopped\"", json, StringComparison.Ordinal);
        Assert.Contains("\"memory\":\"65536Ki\"", json, StringComparison.Ordinal);
        Assert.Contains("\"memorySwap\":\"134217728\"", json, StringComparison.Ordinal);
        Assert.Equal(manifest.Spec.Apps["web"].Resources, ManifestParser.Parse(Encoding.UTF8.GetBytes(json)).Spec.Apps["web"].Resources);
    }
}
