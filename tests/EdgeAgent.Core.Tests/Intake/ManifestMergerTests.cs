using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Intake;

public sealed class ManifestMergerTests
{
    private static Manifest With(params (string Name, string Image)[] apps) =>
        Manifest([.. apps.Select(a => (a.Name, App(image: a.Image)))]);

    [Fact]
    public void Device_manifest_wins_over_groups()
    {
        var result = ManifestMerger.Merge(
            With(("web", "web:device")),
            new Dictionary<string, Manifest> { ["greenhouse"] = With(("web", "web:group"), ("sensor", "sensor:1")) });
        Assert.Empty(result.Conflicts);
        Assert.Equal("web:device", result.Merged!.Spec.Apps["web"].Image);
        Assert.Equal("sensor:1", result.Merged.Spec.Apps["sensor"].Image);
    }

    [Fact]
    public void Two_groups_defining_one_name_is_a_reported_conflict_and_the_name_is_left_out()
    {
        var result = ManifestMerger.Merge(null, new Dictionary<string, Manifest>
        {
            ["barn"] = With(("web", "web:barn"), ("milk", "milk:1")),
            ["greenhouse"] = With(("web", "web:greenhouse"), ("sensor", "sensor:1")),
        });
        var conflict = Assert.Single(result.Conflicts);
        Assert.Contains("app \"web\"", conflict, StringComparison.Ordinal);
        Assert.Contains("barn and greenhouse", conflict, StringComparison.Ordinal);
        Assert.Equal(["milk", "sensor"], result.Merged!.Spec.Apps.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Device_definition_resolves_a_group_conflict()
    {
        var result = ManifestMerger.Merge(With(("web", "web:device")), new Dictionary<string, Manifest>
        {
            ["barn"] = With(("web", "web:barn")),
            ["greenhouse"] = With(("web", "web:greenhouse")),
        });
        Assert.Empty(result.Conflicts);
        Assert.Equal("web:device", result.Merged!.Spec.Apps["web"].Image);
    }

    [Fact]
    public void No_manifest_merges_to_nothing()
    {
        var result = ManifestMerger.Merge(null, new Dictionary<string, Manifest>());
        Assert.Null(result.Merged);
        Assert.Empty(result.Conflicts);
    }

    [Fact]
    public void Merged_result_still_goes_through_validation()
    {
        // A group app that depends on an app lost to a conflict makes the merge invalid, not silently partial.
        var dependent = Manifest(("ui", App(dependsOn: ["web"])), ("web", App()));
        var result = ManifestMerger.Merge(null, new Dictionary<string, Manifest>
        {
            ["a"] = dependent,
            ["b"] = With(("web", "web:b")),
        });
        Assert.Single(result.Conflicts);
        Assert.Contains(ManifestValidator.Validate(result.Merged!), e => e.Path == "$.spec.apps.ui.dependsOn[0]");
    }
}
