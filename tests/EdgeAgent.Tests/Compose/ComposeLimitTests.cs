extern alias edgectl;

using edgectl::EdgeCtl.Compose;

namespace EdgeAgent.Tests.Compose;

/// <summary>
/// The compose reader's limits at their edges: nesting (however written, aliases expanded), the
/// expanded size of aliases and merge keys, and `${...}` nesting. Up to a limit a file converts as
/// before; one step past it is refused on the line that crossed it, naming the limit.
/// </summary>
public sealed class ComposeLimitTests
{
    private const string Service = "services:\n  web:\n    image: nginx:1.27\n";

    private static string Refusal(string yaml) => Assert.Throws<ComposeException>(() => ComposeConverterTests.Convert(yaml)).Message;

    /// <summary>`x-deep:` holding collections nested so that the deepest is at the given depth (the root mapping is 1).</summary>
    public static TheoryData<string, Func<int, string>> Shapes => new()
    {
        { "flow sequences", depth => "x-deep: " + new string('[', depth - 1) + new string(']', depth - 1) + "\n" },
        { "flow mappings", depth => "x-deep: " + string.Concat(Enumerable.Repeat("{a: ", depth - 1)) + "b" + new string('}', depth - 1) + "\n" },
        { "block mappings", depth => "x-deep:\n" + string.Concat(Enumerable.Range(1, depth - 1).Select(i => new string(' ', i) + "k:" + (i == depth - 1 ? " end" : "") + "\n")) },
        { "block sequences", depth => "x-deep:\n  " + string.Concat(Enumerable.Repeat("- ", depth - 1)) + "end\n" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Nesting_up_to_the_limit_converts_and_one_level_more_is_refused_on_its_line(string shape, Func<int, string> deep)
    {
        Assert.NotNull(ComposeConverterTests.Convert(Service + deep(BoundedYamlParser.MaxDepth)).Manifest);
        var refused = Refusal(Service + deep(BoundedYamlParser.MaxDepth + 1));
        var line = shape switch { "block mappings" => 4 + BoundedYamlParser.MaxDepth, "block sequences" => 5, _ => 4 };
        Assert.StartsWith($"line {line}: $: mappings and lists nest deeper than 64 levels", refused, StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_count_as_what_they_expand_to()
    {
        var anchor = "x-a: &a [" + string.Join(", ", Enumerable.Range(0, 999)) + "]\n"; // 1000 values
        string Fanout(int aliases) => anchor + "x-fan: [" + string.Join(", ", Enumerable.Repeat("*a", aliases)) + "]\n" + Service;
        Assert.NotNull(ComposeConverterTests.Convert(Fanout(90)).Manifest);
        Assert.StartsWith("line 2: $: the file expands to more than 100000 keys and values", Refusal(Fanout(110)), StringComparison.Ordinal);
    }

    [Fact]
    public void Aliased_text_counts_its_characters()
    {
        var anchor = "x-t: &t " + new string('t', 100_000) + "\n";
        string Fanout(int aliases) => anchor + "x-fan: [" + string.Join(", ", Enumerable.Repeat("*t", aliases)) + "]\n" + Service;
        Assert.NotNull(ComposeConverterTests.Convert(Fanout(40)).Manifest);
        Assert.StartsWith("line 2: $: the file expands to more than 4194304 characters", Refusal(Fanout(45)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_may_be_as_long_as_a_manifest_and_no_longer()
    {
        Assert.NotNull(ComposeConverterTests.Convert(Service + "x-long: " + new string('v', BoundedYamlParser.MaxValueCharacters) + "\n").Manifest);
        Assert.StartsWith("line 4: $: a value of 262145 characters, more than the limit of 262144", Refusal(Service + "x-long: " + new string('v', BoundedYamlParser.MaxValueCharacters + 1) + "\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_keys_still_merge_and_a_merge_chain_counts_as_nesting()
    {
        static string Chain(int links) => "x-c0: &c0 {restart: always}\n"
            + string.Concat(Enumerable.Range(1, links).Select(i => $"x-c{i}: &c{i} {{<<: *c{i - 1}, k{i}: v}}\n"))
            + "services:\n  web:\n    image: nginx:1.27\n    <<: *c" + links + "\n";
        var converted = ComposeConverterTests.Convert(Chain(20).Replace(", k", ", x-k", StringComparison.Ordinal));
        Assert.Equal("always", converted.Manifest["spec"]!["apps"]!["web"]!["restartPolicy"]!.GetValue<string>());
        Assert.Contains("nest deeper than 64 levels once aliases are expanded", Refusal(Chain(70)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x-loop: &loop [1, *loop]\n", "line 1: $: *loop names no anchor defined before it")]
    [InlineData("x-early: *later\nx-later: &later 1\n", "line 1: $: *later names no anchor defined before it")]
    public void An_alias_needs_a_finished_anchor_before_it(string yaml, string message) =>
        Assert.StartsWith(message, Refusal(yaml + Service), StringComparison.Ordinal);
}
