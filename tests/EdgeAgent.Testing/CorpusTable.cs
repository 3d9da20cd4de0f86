namespace EdgeAgent.Testing;

/// <summary>
/// The one reader of a hostile corpus's expected.tsv (tests/corpus/NAME/expected.tsv): one case per
/// line, tab-separated, the first column naming the case; blank lines and lines starting with '#'
/// are skipped. Every reader also asserts that the rows and the corpus's cases match one to one, so
/// a file added without its expected outcome (or a row left behind by a removed file) fails the test
/// instead of going untested.
/// </summary>
public static class CorpusTable
{
    /// <summary>The corpus folder tests/corpus/<paramref name="name"/> as copied next to the tests.</summary>
    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "corpus", name);

    /// <summary>The rows of a corpus whose cases are its files matching <paramref name="pattern"/>, each named by one row.</summary>
    public static List<string[]> ForFiles(string corpus, string pattern, int columns, int atLeast = 1)
    {
        var rows = Read(corpus, columns, atLeast);
        Assert.Equal(Names(Directory.EnumerateFiles(corpus, pattern)), Names(rows));
        return rows;
    }

    /// <summary>The rows of a corpus whose cases are its folders, each named by one row.</summary>
    public static List<string[]> ForFolders(string corpus, int columns, int atLeast = 1)
    {
        var rows = Read(corpus, columns, atLeast);
        Assert.Equal(Names(Directory.EnumerateDirectories(corpus)), Names(rows));
        return rows;
    }

    /// <summary>The rows of a corpus whose cases are the rows themselves (a name per row): no file beside expected.tsv, no name twice.</summary>
    public static List<string[]> InRows(string corpus, int columns, int atLeast = 1)
    {
        var rows = Read(corpus, columns, atLeast);
        Assert.Equal(["expected.tsv"], Names(Directory.EnumerateFileSystemEntries(corpus)));
        Assert.Equal(Names(rows).Distinct(StringComparer.Ordinal), Names(rows));
        return rows;
    }

    /// <summary>The rows of a corpus whose cases are checked by its test (e.g. every damage file for every document).</summary>
    public static List<string[]> Read(string corpus, int columns, int atLeast = 1)
    {
        var file = Path.Combine(corpus, "expected.tsv");
        var rows = File.ReadAllLines(file).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).ToList();
        Assert.True(rows.Count >= atLeast, $"{file} has {rows.Count} cases, fewer than {atLeast}");
        foreach (var row in rows.Where(r => r.Length < columns))
        {
            Assert.Fail($"{file}: the row \"{string.Join("\\t", row)}\" has {row.Length} of its {columns} columns");
        }

        return rows;
    }

    private static List<string> Names(IEnumerable<string> paths) => [.. paths.Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    private static List<string> Names(List<string[]> rows) => [.. rows.Select(r => r[0]).Order(StringComparer.Ordinal)];
}
