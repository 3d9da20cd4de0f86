using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Manifests;

/// <summary>`spec.agent`, the agent release a manifest pins: parsed strictly, each bad field named, one release per device after the merge.</summary>
public sealed class AgentReleaseTests
{
    private static readonly string Digest = "sha256:" + new string('b', 64);
    private static readonly string Sha = new('c', 64);

    private static string WithAgent(string agent) =>
        ManifestJson().Replace("\"networks\": {} }", $"\"networks\": {{}}, \"agent\": {agent} }}", StringComparison.Ordinal);

    private static string Release(string version = "1.4.0", string? images = null, string? sha256 = null, string extra = "") =>
        $$"""{ "version": "{{version}}", "images": {{images ?? $$"""{ "arm64": "registry.example/edge-agent@{{Digest}}" }"""}}, "sha256": {{sha256 ?? $$"""{ "arm64": "{{Sha}}" }"""}}{{extra}} }""";

    [Fact]
    public void A_pinned_release_parses_with_its_defaults()
    {
        var agent = Parse(WithAgent(Release())).Spec.Agent!;
        Assert.Equal("1.4.0", agent.Version);
        Assert.Equal($"registry.example/edge-agent@{Digest}", agent.Images["arm64"]);
        Assert.Equal(120, agent.ProbationSeconds);
        Assert.False(agent.AllowDowngrade);
    }

    public static TheoryData<string, string, string> Invalid() => new()
    {
        { "version not semantic", Release(version: "latest"), "$.spec.agent.version" },
        { "version with a leading zero", Release(version: "1.04.0"), "$.spec.agent.version" },
        { "image by tag", Release(images: """{ "arm64": "registry.example/edge-agent:1.4.0" }"""), "$.spec.agent.images.arm64" },
        { "local image id", Release(images: $$"""{ "arm64": "{{Digest}}" }"""), "$.spec.agent.images.arm64" },
        { "unknown architecture", Release(images: $$"""{ "armhf": "r.example/a@{{Digest}}" }""", sha256: $$"""{ "armhf": "{{Sha}}" }"""), "$.spec.agent.images.armhf" },
        { "no images", Release(images: "{}", sha256: "{}"), "$.spec.agent.images" },
        { "missing binary digest", Release(sha256: "{}"), "$.spec.agent.sha256.arm64" },
        { "binary digest in capitals", Release(sha256: $$"""{ "arm64": "{{Sha.ToUpperInvariant()}}" }"""), "$.spec.agent.sha256.arm64" },
        { "binary digest without an image", Release(sha256: $$"""{ "arm64": "{{Sha}}", "amd64": "{{Sha}}" }"""), "$.spec.agent.sha256.amd64" },
        { "probation too short", Release(extra: ", \"probationSeconds\": 1"), "$.spec.agent.probationSeconds" },
        { "unknown key", Release(extra: ", \"channel\": \"beta\""), "$.spec.agent.channel" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void A_bad_release_is_refused_naming_the_field(string name, string agent, string path)
    {
        var ex = Assert.Throws<ManifestException>(() => Parse(WithAgent(agent)));
        Assert.True(ex.Errors.Any(e => e.Path == path), $"{name}: expected an error at {path}, got: {ex.Message}");
    }

    [Fact]
    public void The_device_manifest_names_the_release_and_two_groups_naming_one_are_a_conflict()
    {
        var device = Parse(WithAgent(Release(version: "2.0.0")));
        var green = Parse(WithAgent(Release(version: "1.0.0")));
        var orchard = Parse(WithAgent(Release(version: "1.1.0")));

        Assert.Equal("2.0.0", ManifestMerger.Merge(device, new Dictionary<string, Manifest> { ["green"] = green, ["orchard"] = orchard }).Merged!.Spec.Agent!.Version);
        Assert.Equal("1.0.0", ManifestMerger.Merge(null, new Dictionary<string, Manifest> { ["green"] = green }).Merged!.Spec.Agent!.Version);

        var clash = ManifestMerger.Merge(null, new Dictionary<string, Manifest> { ["green"] = green, ["orchard"] = orchard });
        Assert.Null(clash.Merged!.Spec.Agent);
        Assert.Contains(clash.Conflicts, c => c.StartsWith("agent release is defined by groups green and orchard", StringComparison.Ordinal));
    }
}
