namespace EdgeAgent.Testing;

/// <summary>
/// Hostile rollout records (tests/corpus/rollout-records, with expected.tsv), read in process by
/// edgectl's readers and through the real edgectl against a broker alike.
/// </summary>
public static class RolloutRecordCorpus
{
    public static readonly string Folder = CorpusTable.Folder("rollout-records");

    /// <summary>Each record file with its outcome (usable, shown, refused) and what is said about it.</summary>
    public static TheoryData<string, string, string> Cases()
    {
        var rows = CorpusTable.ForFiles(Folder, "*.json", columns: 3);
        var data = new TheoryData<string, string, string>();
        foreach (var row in rows)
        {
            data.Add(row[0], row[1], row[2]);
        }

        return data;
    }
}
