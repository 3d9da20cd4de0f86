using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EdgeAgent.Testing;

/// <summary>
/// Device and record text on an operator's terminal (tests/corpus/terminal-text with expected.tsv), read
/// by the in-process escaping tests and by the tests of the real edgectl's output alike.
/// </summary>
public static class TerminalTextCorpus
{
    public static readonly string Corpus = CorpusTable.Folder("terminal-text");

    /// <summary>The corpus: each case's name, raw text (as a device sends it) and expected rendering; checked to list exactly the corpus's files.</summary>
    public static List<(string Name, string Raw, string Shown)> Cases()
    {
        var rows = CorpusTable.ForFiles(Corpus, "*.json", columns: 2, atLeast: 20);
        Assert.All(rows, r => Assert.Equal(2, r.Length)); // the rendering may hold anything but a tab
        return [.. rows.Select(r => (Path.GetFileNameWithoutExtension(r[0]), JsonSerializer.Deserialize<string>(File.ReadAllText(Path.Combine(Corpus, r[0])))!, r[1]))];
    }

    /// <summary>Whether a terminal would act on <paramref name="c"/> rather than draw it (what must never reach one from a device).</summary>
    public static bool ActedOn(Rune c) => CharUnicodeInfo.GetUnicodeCategory(c.Value) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned;
}
