using EdgeAgent.Configuration;

namespace EdgeAgent.Tests.State;

/// <summary>The small sections' key lists and the serializer's contract name the same keys, so neither can drift from the other.</summary>
public sealed class SectionOptionsTests
{
    [Fact]
    public void Each_small_section_of_agent_json_has_its_key_list_and_the_lists_cover_the_shared_shape()
    {
        var sections = AgentJsonContext.Default.AgentOptions.Properties.Where(p => p.PropertyType == typeof(SectionOptions)).Select(p => p.Name);
        Assert.Equal(["disk", "docker", "logs", "network", "ovsdb"], sections.Order(StringComparer.Ordinal));
        Assert.Equal(sections.Order(StringComparer.Ordinal), SectionOptions.KeysBySection.Keys.Order(StringComparer.Ordinal));

        var shape = AgentJsonContext.Default.GetTypeInfo(typeof(SectionOptions))!.Properties.Select(p => p.Name);
        Assert.Equal(shape.Order(StringComparer.Ordinal), SectionOptions.KeysBySection.Values.SelectMany(k => k).Distinct().Order(StringComparer.Ordinal));
    }
}
