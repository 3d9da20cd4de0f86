using System.Text;
using EdgeAgent.Core.Manifests;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Manifests;

public sealed class ManifestParserTests
{
    private static ManifestException Rejects(string json) =>
        Assert.Throws<ManifestException>(() => ManifestParser.Parse(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Parses_a_full_app_with_defaults()
    {
        var manifest = Parse(ManifestJson(apps: """{ "web": { "image": "edgeagent/busybox:1.35" } }"""));
        var web = manifest.Spec.Apps["web"];
        Assert.Equal(RestartPolicy.UnlessStopped, web.RestartPolicy);
        Assert.Equal(AppState.Running, web.State);
        Assert.Empty(web.Env);
        Assert.Empty(web.Ports);
        Assert.Equal("stop-first", web.Update.Strategy);
    }

    [Fact]
    public void Unknown_key_is_an_error_naming_its_path()
    {
        var ex = Rejects(ManifestJson(apps: """{ "web": { "image": "x", "imagePullPolicy": "always" } }"""));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("$.spec.apps.web.imagePullPolicy", error.Path);
    }

    [Fact]
    public void Duplicate_key_is_an_error_naming_its_path()
    {
        var ex = Rejects(ManifestJson(apps: """{ "web": { "image": "a", "image": "b" } }"""));
        Assert.Contains("$.spec.apps.web", Assert.Single(ex.Errors).Path, StringComparison.Ordinal);
        Assert.Contains("Duplicate", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Duplicate_app_name_is_an_error()
    {
        var ex = Rejects(ManifestJson(apps: """{ "web": { "image": "a" }, "web": { "image": "b" } }"""));
        Assert.Contains("Duplicate", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Missing_required_field_is_an_error()
    {
        var ex = Rejects(ManifestJson(apps: """{ "web": { "command": ["sh"] } }"""));
        Assert.Contains("image", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_type_is_an_error_naming_its_path()
    {
        var ex = Rejects(ManifestJson(apps: """{ "web": { "image": "a", "resources": { "cpus": "lots" } } }"""));
        Assert.Equal("$.spec.apps.web.resources.cpus", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void Null_for_a_list_is_an_error()
    {
        var ex = Rejects(ManifestJson(apps: """{ "web": { "image": "a", "command": null } }"""));
        Assert.Equal("$.spec.apps.web.command", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void Oversize_manifest_is_refused_before_parsing()
    {
        var huge = new byte[ManifestParser.MaxManifestBytes + 1];
        var ex = Assert.Throws<ManifestException>(() => ManifestParser.Parse(huge));
        Assert.Contains("limit", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{")]
    [InlineData("null")]
    [InlineData("{\"apiVersion\":\"edge/v1\"} trailing")]
    public void Malformed_json_is_rejected(string json)
    {
        Assert.NotEmpty(Rejects(json).Errors);
    }

    [Fact]
    public void Round_trips()
    {
        var manifest = Parse(ManifestJson(apps: """{ "web": { "image": "edgeagent/busybox:1.35", "env": { "A": "1" } } }"""));
        var again = ManifestParser.Parse(ManifestParser.Serialize(manifest));
        Assert.Equal(manifest.Spec.Apps["web"].Env["A"], again.Spec.Apps["web"].Env["A"]);
        Assert.Equal(manifest.Metadata.Version, again.Metadata.Version);
    }
}
