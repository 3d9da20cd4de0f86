extern alias edgectl;

using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Rollouts;
using EdgeAgent.Testing;
using edgectl::EdgeCtl;
using edgectl::EdgeCtl.Commands;
using edgectl::EdgeCtl.Dashboard;
using edgectl::EdgeCtl.Rollouts;

namespace EdgeAgent.Tests.Fleet;

/// <summary>
/// Hostile rollout records (tests/corpus/rollout-records, with expected.tsv), as retained at
/// edge/v1/rollouts/greenhouse-v8: each is read as `rollout status|resume|pause|abort` and the
/// dashboard read it, and is usable, shown but not driven, or refused naming what is wrong.
/// (That resume publishes nothing for a refused one is RolloutTests' end-to-end check.)
/// </summary>
public sealed class RolloutRecordCorpusTests
{
    private const string Id = "greenhouse-v8";
    private static readonly string Corpus = RolloutRecordCorpus.Folder;

    public static TheoryData<string, string, string> Cases() => RolloutRecordCorpus.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_retained_record_is_used_only_when_it_is_valid_at_its_own_topic(string file, string outcome, string says)
    {
        var payload = File.ReadAllBytes(Path.Combine(Corpus, file));
        var watch = new RolloutWatch(Id, null);
        watch.Apply(Topics.Rollout(Id), payload);
        var dashboard = new DashboardState(TimeProvider.System);
        dashboard.Apply(Topics.Rollout(Id), payload);
        using var snapshot = JsonDocument.Parse(dashboard.SnapshotJson());
        var shown = snapshot.RootElement.GetProperty("rollouts").GetArrayLength();
        if (outcome == "refused")
        {
            Assert.Null(watch.Record);
            Assert.Contains(says, watch.RecordError, StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', watch.RecordError!);
            Assert.Equal(0, shown);
            return;
        }

        var record = Assert.IsType<RolloutRecord>(watch.Record);
        Assert.Equal(Id, record.Id);
        Assert.Equal(1, shown);
        if (outcome == "usable")
        {
            Assert.Same(record, RolloutCommands.Drivable(record));
        }
        else
        {
            Assert.Contains(says, Assert.Throws<CliException>(() => RolloutCommands.Drivable(record)).Message, StringComparison.Ordinal);
        }
    }
}
