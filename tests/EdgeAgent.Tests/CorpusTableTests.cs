using EdgeAgent.Testing;
using Xunit.Sdk;

namespace EdgeAgent.Tests;

/// <summary>CorpusTable refuses a corpus whose rows and cases do not match one to one, or a row short of its columns.</summary>
public sealed class CorpusTableTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Rows_that_name_exactly_the_files_are_read()
    {
        var corpus = Corpus("# file\toutcome\na.json\tok\n\nb.json\tok\n", "a.json", "b.json", "notes.md");
        Assert.Equal(["a.json", "b.json"], CorpusTable.ForFiles(corpus, "*.json", columns: 2).Select(r => r[0]));
    }

    public static TheoryData<string, string[]> Mismatches() => new()
    {
        { "a.json\tok\n", ["a.json", "b.json"] },                 // a file without its expected outcome
        { "a.json\tok\nb.json\tok\n", ["a.json"] },               // a row whose file is gone
        { "a.json\tok\na.json\tok\n", ["a.json"] },               // a file named twice
        { "a.json\n", ["a.json"] },                               // a row short of its columns
        { "a.json\tok\n", [] },                                   // fewer cases than required
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void A_corpus_whose_rows_and_files_differ_fails(string rows, string[] files) =>
        Assert.ThrowsAny<XunitException>(() => CorpusTable.ForFiles(Corpus(rows, files), "*.json", columns: 2, atLeast: files.Length == 0 ? 2 : 1));

    [Fact]
    public void A_corpus_of_rows_holds_nothing_else_and_no_name_twice()
    {
        Assert.Single(CorpusTable.InRows(Corpus("pi-01\tdevice\n"), columns: 2));
        Assert.ThrowsAny<XunitException>(() => CorpusTable.InRows(Corpus("pi-01\tdevice\npi-01\tinvalid\n"), columns: 2));
        Assert.ThrowsAny<XunitException>(() => CorpusTable.InRows(Corpus("pi-01\tdevice\n", "stray.json"), columns: 2));
    }

    [Fact]
    public void A_corpus_of_folders_matches_its_rows()
    {
        var corpus = Corpus("one\tx\n");
        Directory.CreateDirectory(Path.Combine(corpus, "one"));
        Assert.Single(CorpusTable.ForFolders(corpus, columns: 2));
        Directory.CreateDirectory(Path.Combine(corpus, "two"));
        Assert.ThrowsAny<XunitException>(() => CorpusTable.ForFolders(corpus, columns: 2));
    }

    private string Corpus(string rows, params string[] files)
    {
        var corpus = temp.File(Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(corpus);
        File.WriteAllText(Path.Combine(corpus, "expected.tsv"), rows);
        foreach (var file in files)
        {
            File.WriteAllText(Path.Combine(corpus, file), "{}");
        }

        return corpus;
    }
}
