extern alias edgectl;

using edgectl::EdgeCtl.Compose;

namespace EdgeAgent.Tests.Compose;

/// <summary>Compose's variable substitution, command words, durations and sizes, as compose reads them.</summary>
public sealed class ComposeTextTests
{
    private static readonly ComposeVariables Variables = new(new Dictionary<string, string> { ["SET"] = "v", ["EMPTY"] = "", ["TAG"] = "1.2" });

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("$SET", "v")]
    [InlineData("${SET}", "v")]
    [InlineData("a${SET}b$SET.c", "avbv.c")]
    [InlineData("${UNSET}", "")]
    [InlineData("${UNSET:-d}", "d")]
    [InlineData("${EMPTY:-d}", "d")]
    [InlineData("${EMPTY-d}", "")]
    [InlineData("${UNSET-d}", "d")]
    [InlineData("${SET:-d}", "v")]
    [InlineData("${SET:+alt}", "alt")]
    [InlineData("${UNSET:+alt}", "")]
    [InlineData("${UNSET:-${SET}}", "v")]
    [InlineData("image:${TAG:-latest}", "image:1.2")]
    [InlineData("$$SET costs $$5", "$SET costs $5")]
    [InlineData("${SET:?never}", "v")]
    public void Substitutes(string text, string expected) => Assert.Equal(expected, Variables.Substitute(text));

    [Theory]
    [InlineData("${UNSET:?give it}", "variable UNSET is required: give it")]
    [InlineData("${EMPTY:?}", "variable EMPTY is required: it is not set")]
    [InlineData("${UNSET?x}", "variable UNSET is required: x")]
    [InlineData("price $", "a lone '$' at the end")]
    [InlineData("$5", "'$5' is not a variable")]
    [InlineData("${SET", "without its closing")]
    [InlineData("${1X}", "does not start with a variable name")]
    [InlineData("${SET/a/b}", "not a substitution compose knows")]
    public void Refuses(string text, string message)
    {
        var refused = Assert.Throws<FormatException>(() => Variables.Substitute(text));
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_nest_up_to_the_limit_and_no_deeper_whether_or_not_they_are_read()
    {
        static string Nested(string op, int depth) => string.Concat(Enumerable.Repeat("${UNSET" + op, depth - 1)) + "${UNSET" + op + "d" + new string('}', depth);
        Assert.Equal("d", Variables.Substitute(Nested(":-", ComposeVariables.MaxNesting)));
        Assert.Equal("", Variables.Substitute(Nested(":+", ComposeVariables.MaxNesting)));
        foreach (var op in new[] { ":-", ":+", "-", ":?" })
        {
            var refused = Assert.Throws<FormatException>(() => Variables.Substitute(Nested(op, ComposeVariables.MaxNesting + 1)));
            Assert.Equal("${...} nests deeper than 16 levels (the limit)", refused.Message);
        }

        Assert.Throws<FormatException>(() => Variables.Substitute("${SET:-" + Nested(":-", 60_000) + "}")); // a set variable's default is refused alike
    }

    [Fact]
    public void Literal_dollars_and_braces_do_not_count_as_nesting()
    {
        var braces = new string('{', 40) + new string('}', 40);
        Assert.Equal("$" + braces + "v", Variables.Substitute("$$" + braces + "$SET"));
        Assert.Equal("${SET}", Variables.Substitute("$${SET}"));
        Assert.Equal("$v", Variables.Substitute("$$${SET}"));
        Assert.Equal("a{b}c", Variables.Substitute("${UNSET:-a{b}c}"));
    }

    [Theory]
    [InlineData("node-red --settings /data/settings.js", new[] { "node-red", "--settings", "/data/settings.js" })]
    [InlineData("sh -c 'echo $HOME && sleep 1'", new[] { "sh", "-c", "echo $HOME && sleep 1" })]
    [InlineData("echo \"a \\\"quoted\\\" word\" b\\ c", new[] { "echo", "a \"quoted\" word", "b c" })]
    [InlineData("  spaced   out  ", new[] { "spaced", "out" })]
    [InlineData("''", new[] { "" })]
    public void Splits_commands_as_a_shell(string text, string[] expected) => Assert.Equal(expected, ShellWords.Split(text));

    [Theory]
    [InlineData("10s", 10)]
    [InlineData("1m30s", 90)]
    [InlineData("1h", 3600)]
    [InlineData("1.5s", 2)]
    [InlineData("500ms", 1)]
    [InlineData("2m0s", 120)]
    public void Reads_durations_in_whole_seconds(string text, int seconds) => Assert.Equal(seconds, ComposeUnits.Seconds(text));

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("ten seconds")]
    [InlineData("-5s")]
    public void Refuses_what_is_no_duration(string text) => Assert.Null(ComposeUnits.Seconds(text));

    [Theory]
    [InlineData("512m", "512Mi")]
    [InlineData("512M", "512Mi")]
    [InlineData("1g", "1Gi")]
    [InlineData("1gb", "1Gi")]
    [InlineData("64k", "64Ki")]
    [InlineData("1536m", "1536Mi")]
    [InlineData("1.5g", "1536Mi")]
    [InlineData("1048576", "1Mi")]
    [InlineData("1000", "1000")]
    public void Reads_sizes_as_the_manifest_writes_them(string text, string manifest) => Assert.Equal(manifest, ComposeUnits.ManifestSize(ComposeUnits.Bytes(text)!.Value));

    [Theory]
    [InlineData("lots")]
    [InlineData("12 MB")]
    [InlineData("-1")]
    public void Refuses_what_is_no_size(string text) => Assert.Null(ComposeUnits.Bytes(text));
}
