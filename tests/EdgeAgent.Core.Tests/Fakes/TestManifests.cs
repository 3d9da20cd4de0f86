using System.Text;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Testing;

namespace EdgeAgent.Core.Tests.Fakes;

/// <summary>Small builders for manifests and desired state in tests.</summary>
internal static class TestManifests
{
    public const string Image = FakeContainerRuntime.PreloadedImage;

    public static string ManifestJson(string apps = "{}", string networks = "{}", long version = 1) => $$"""
        {
          "apiVersion": "edge/v1",
          "kind": "Manifest",
          "metadata": {
            "name": "test", "version": {{version}},
            "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2030-01-01T00:00:00Z",
            "target": { "devices": ["pi-01"] }
          },
          "spec": { "apps": {{apps}}, "networks": {{networks}} }
        }
        """;

    public static Manifest Parse(string json) => ManifestParser.Parse(Encoding.UTF8.GetBytes(json));

    public static Manifest Manifest(params (string Name, AppSpec App)[] apps) => new()
    {
        ApiVersion = "edge/v1",
        Kind = "Manifest",
        Metadata = new ManifestMetadata
        {
            Name = "test",
            Version = 1,
            IssuedAt = DateTimeOffset.Parse("2026-11-28T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            ExpiresAt = DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        },
        Spec = new ManifestSpec { Apps = apps.ToDictionary(a => a.Name, a => a.App) },
    };

    public static AppSpec App(string image = Image, string? memory = null, double? cpus = null, string[]? dependsOn = null, AppState state = AppState.Running) => new()
    {
        Image = image,
        Command = ["sleep", "3600"],
        DependsOn = dependsOn ?? [],
        Resources = new ResourcesSpec { Memory = memory is null ? null : ByteSize.Parse(memory), Cpus = cpus },
        State = state,
    };

    public static DesiredState DesiredOf(params (string Name, AppSpec App)[] apps) => DesiredStateBuilder.Build(Manifest(apps));
}
