using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Manifests;
using Json.Schema;

namespace EdgeAgent.Core.Tests.Manifests;

/// <summary>Keeps manifests/schema in step with the parser: examples pass both, bad shapes fail both.</summary>
public sealed class SchemaTests
{
    private static readonly string ManifestsDir = Path.Combine(AppContext.BaseDirectory, "manifests");
    private static readonly JsonSchema Schema = JsonSchema.FromFile(Path.Combine(ManifestsDir, "schema", "manifest.v1.schema.json"));

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(ManifestsDir, "*.json", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}schema{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(ManifestsDir, file));
        }

        return data;
    }

    [Fact]
    public void There_are_examples()
    {
        Assert.True(Examples().Count >= 2, "expected manifests/examples and manifests/thesis-stack to hold manifests");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_is_valid_for_schema_and_parser(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(ManifestsDir, relativePath));
        var result = Schema.Evaluate(JsonDocument.Parse(text).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.True(result.IsValid, $"{relativePath}: " + string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        ManifestParser.Parse(Encoding.UTF8.GetBytes(text));
    }

    public static TheoryData<string, string> BadShapes() => new()
    {
        { "unknown app key", """{ "web": { "image": "a", "pullPolicy": "always" } }""" },
        { "missing image", """{ "web": { "command": [] } }""" },
        { "size syntax", """{ "web": { "image": "a", "resources": { "memory": "12MB" } } }""" },
        { "cpus as string", """{ "web": { "image": "a", "resources": { "cpus": "1" } } }""" },
        { "port out of range", """{ "web": { "image": "a", "ports": [ { "host": 0, "container": 1 } ] } }""" },
        { "state", """{ "web": { "image": "a", "state": "paused" } }""" },
        { "app name", """{ "Web": { "image": "a" } }""" },
        { "hostname", """{ "web": { "image": "a", "hostname": "-bad" } }""" },
        { "dns as string", """{ "web": { "image": "a", "dns": "1.1.1.1" } }""" },
        { "extraHosts as list", """{ "web": { "image": "a", "extraHosts": ["db:10.0.0.2"] } }""" },
    };

    [Theory]
    [MemberData(nameof(BadShapes))]
    public void Bad_shape_fails_schema_and_parser(string name, string apps)
    {
        var text = Fakes.TestManifests.ManifestJson(apps: apps);
        Assert.False(Schema.Evaluate(JsonDocument.Parse(text).RootElement).IsValid, $"{name}: schema accepted it");
        Assert.Throws<ManifestException>(() => ManifestParser.Parse(Encoding.UTF8.GetBytes(text)));
    }
}
