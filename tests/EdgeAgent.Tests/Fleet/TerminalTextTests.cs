extern alias edgectl;

using System.Text;
using EdgeAgent.Testing;
using edgectl::EdgeCtl;

namespace EdgeAgent.Tests.Fleet;

/// <summary>
/// Device and record text on an operator's terminal (tests/corpus/terminal-text with expected.tsv):
/// every escape class is shown as its expected visible rendering, nothing a terminal acts on
/// survives, and tables stay aligned whatever the cells hold.
/// </summary>
public sealed class TerminalTextTests
{
    [Fact]
    public void Every_corpus_text_is_shown_as_expected_and_nothing_in_it_reaches_the_terminal()
    {
        var wrong = new List<string>();
        foreach (var (name, raw, shown) in TerminalTextCorpus.Cases())
        {
            var escaped = TerminalText.Escape(raw);
            if (escaped != shown)
            {
                wrong.Add($"{name}: shown as {escaped}, expected {shown}");
            }

            if (escaped.EnumerateRunes().Any(TerminalTextCorpus.ActedOn))
            {
                wrong.Add($"{name}: a control, format or separator character survives");
            }

            if (TerminalText.Escape(escaped) != escaped)
            {
                wrong.Add($"{name}: escaping the shown text again changes it");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Every_character_a_terminal_acts_on_is_escaped_whatever_surrounds_it()
    {
        // The class, not only the examples: every code point of the categories, alone and between letters.
        for (var value = 0; value <= 0x10FFFF; value++)
        {
            if (value is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            var rune = new Rune(value);
            var text = "a" + rune.ToString() + "b";
            var escaped = TerminalText.Escape(text);
            Assert.False(escaped.EnumerateRunes().Any(TerminalTextCorpus.ActedOn), $"U+{value:X4} survives: {escaped}");
            Assert.Equal(TerminalTextCorpus.ActedOn(rune), escaped != text);
        }
    }

    [Fact]
    public void A_table_of_any_corpus_texts_keeps_its_columns_aligned()
    {
        var cases = TerminalTextCorpus.Cases();
        var rows = new List<IReadOnlyList<string>> { new[] { "DEVICE", "AGENT", "UPDATED" } };
        rows.AddRange(cases.Select((c, i) => new[] { $"tt-{i:00}", c.Raw, "2026-12-07 10:00:00Z" }));

        var lines = TerminalText.Table(rows).Split(Environment.NewLine);

        Assert.Equal(rows.Count, lines.Length);
        var column = TerminalText.Width(lines[0][..lines[0].IndexOf("UPDATED", StringComparison.Ordinal)]);
        for (var i = 1; i < lines.Length; i++)
        {
            Assert.EndsWith("2026-12-07 10:00:00Z", lines[i], StringComparison.Ordinal);
            Assert.Equal(column, TerminalText.Width(lines[i][..^"2026-12-07 10:00:00Z".Length]));
            Assert.Contains(cases[i - 1].Shown, lines[i], StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("abc", 3)]
    [InlineData("デバイス", 8)]
    [InlineData("e\u0301", 1)]
    [InlineData("\U0001F680", 2)]
    public void Width_counts_the_cells_a_terminal_draws(string text, int cells) => Assert.Equal(cells, TerminalText.Width(text));

    [Fact]
    public void Shorten_cuts_by_cells_and_never_splits_a_character()
    {
        Assert.Equal("abc", TerminalText.Shorten("abc", 10));
        Assert.Equal("デバ...", TerminalText.Shorten("デバイス故障デバイス故障", 8));
        Assert.Equal("\U0001F680...", TerminalText.Shorten("\U0001F680\U0001F680\U0001F680\U0001F680", 6));
    }
}
