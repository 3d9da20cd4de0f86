extern alias edgectl;

using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Core.Rollouts;
using EdgeAgent.Testing;
using edgectl::EdgeCtl;
using edgectl::EdgeCtl.Commands;
using edgectl::EdgeCtl.Dashboard;
using edgectl::EdgeCtl.Fleet;
using edgectl::EdgeCtl.Rollouts;

namespace EdgeAgent.Tests.Fleet;

/// <summary>
/// Version skew (README "Watching the fleet", version skew): documents as an older and a newer release write them
/// (tests/corpus/skew, with expected.tsv), each read through every reader of its kind: edgectl's
/// fleet view and rollout commands, the dashboard, and the agent's root and rollout-topic readers.
/// </summary>
public sealed class SkewCorpusTests
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "corpus", "skew");
    private static readonly string Reports = Path.Combine(AppContext.BaseDirectory, "corpus", "reports");

    public static TheoryData<string, string, string, string> Cases() => Rows(Corpus);

    public static TheoryData<string, string, string, string> HostileReports() => Rows(Reports);

    private static TheoryData<string, string, string, string> Rows(string corpus)
    {
        var rows = CorpusTable.ForFiles(corpus, "*.json", columns: 4);
        var data = new TheoryData<string, string, string, string>();
        foreach (var row in rows)
        {
            data.Add(row[0], row[1], row[2], row[3]);
        }

        return data;
    }

    /// <summary>A device writes its own status and events: a null where a value belongs makes that one document unreadable (tests/corpus/reports).</summary>
    [Theory]
    [MemberData(nameof(HostileReports))]
    public void Every_reader_survives_a_hostile_report(string file, string kind, string outcome, string shown) =>
        Read(File.ReadAllBytes(Path.Combine(Reports, file)), file, kind, outcome, shown);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_reader_reads_a_skewed_document_as_expected(string file, string kind, string outcome, string shown) =>
        Read(File.ReadAllBytes(Path.Combine(Corpus, file)), file, kind, outcome, shown);

    private static void Read(byte[] payload, string file, string kind, string outcome, string shown)
    {
        switch (kind)
        {
            case "status": Status(payload, outcome, shown); break;
            case "event": Event(payload, outcome, shown); break;
            case "rollout": Rollout(payload, outcome, shown); break;
            case "root": Root(payload, outcome, shown); break;
            case "marker": Assert.Equal(outcome == "release", RolloutRelease.IsRelease(payload)); break;
            default: Assert.Fail($"{file}: unknown kind {kind}"); break;
        }
    }

    private static void Status(byte[] payload, string outcome, string shown)
    {
        using var parsed = JsonDocument.Parse(payload);
        var device = parsed.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("deviceId", out var id) && id.GetString() is { } named
            ? named : "pi-07";
        var topic = Topics.Status(device);
        var view = new FleetView([]);
        view.Apply(topic, payload);
        view.Apply(Topics.OnlineState(device), "online"u8.ToArray());
        var table = view.RenderTable();
        var dashboard = new DashboardState(TimeProvider.System);
        dashboard.Apply(topic, payload);
        var whole = Encoding.UTF8.GetString(dashboard.SnapshotJson());
        using var snapshotDocument = JsonDocument.Parse(whole);
        var snapshot = snapshotDocument.RootElement.GetProperty("devices").EnumerateArray().Single();
        Assert.DoesNotContain('\u001b', table);
        if (outcome == "read")
        {
            Assert.NotNull(view.Devices.Single().Status);
            Assert.Contains(shown, table, StringComparison.Ordinal);
            Assert.NotEqual(JsonValueKind.Null, snapshot.GetProperty("status").ValueKind);
            Assert.Contains(shown, whole, StringComparison.Ordinal);

            // Rollouts judge the device from the same view, and the dashboard's JSON round-trips every code as read.
            var record = new RolloutRecord { Id = "greenhouse-v9", Group = "greenhouse", Version = 9, Envelope = "", Waves = [[device]], HealthSeconds = 1, MaxFailures = "0", WaveTimeoutSeconds = 60 };
            var watch = new RolloutWatch(record.Id, record.Group);
            watch.Apply(topic, payload);
            Assert.True(watch.States(record).ContainsKey(device));
            var written = JsonSerializer.Serialize(view.Devices.Single().Status!, FleetJsonContext.Default.DeviceStatus);
            Assert.Equal(written, JsonSerializer.Serialize(JsonSerializer.Deserialize(written, FleetJsonContext.Default.DeviceStatus)!, FleetJsonContext.Default.DeviceStatus));
        }
        else
        {
            Assert.Null(view.Devices.Single().Status);
            Assert.Contains("unreadable", table, StringComparison.Ordinal);
            Assert.Contains(shown, view.Devices.Single().StatusError, StringComparison.Ordinal);
            Assert.Matches(@"\$[.:\[]", view.Devices.Single().StatusError); // names the field, or the whole document ($)
            Assert.Equal(JsonValueKind.Null, snapshot.TryGetProperty("status", out var status) ? status.ValueKind : JsonValueKind.Null);
        }
    }

    private static void Event(byte[] payload, string outcome, string shown)
    {
        var dashboard = new DashboardState(TimeProvider.System);
        dashboard.Apply(Topics.OnlineState("pi-01"), "online"u8.ToArray());
        dashboard.Apply(Topics.Events("pi-01"), payload);
        using var snapshot = JsonDocument.Parse(dashboard.SnapshotJson());
        var events = snapshot.RootElement.GetProperty("devices").EnumerateArray().Single().GetProperty("events");
        if (outcome == "read")
        {
            Assert.Equal(1, events.GetArrayLength());
            Assert.Contains(shown, events.GetRawText(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(0, events.GetArrayLength());
        }
    }

    private static void Rollout(byte[] payload, string outcome, string shown)
    {
        using var parsed = JsonDocument.Parse(payload);
        var id = parsed.RootElement.GetProperty("id").GetString()!;
        var watch = new RolloutWatch(id, null);
        watch.Apply(Topics.Rollout(id), payload);
        var dashboard = new DashboardState(TimeProvider.System);
        dashboard.Apply(Topics.Rollout(id), payload);
        using var snapshot = JsonDocument.Parse(dashboard.SnapshotJson());
        var rollouts = snapshot.RootElement.GetProperty("rollouts");
        if (outcome == "refused")
        {
            Assert.Null(watch.Record);
            Assert.Contains(shown, watch.RecordError, StringComparison.Ordinal);
            Assert.Equal(0, rollouts.GetArrayLength());
            return;
        }

        var record = Assert.IsType<RolloutRecord>(watch.Record);
        Assert.Contains(shown, RolloutProgress.Table(record, watch.States(record), DateTimeOffset.UnixEpoch), StringComparison.Ordinal);
        Assert.Contains(shown, rollouts.GetRawText(), StringComparison.Ordinal);
        Assert.Contains($"\"phase\":\"{RolloutProgress.Phase(record.Phase)}\"", JsonSerializer.Serialize(record, RolloutJsonContext.Default.RolloutRecord), StringComparison.Ordinal);
        if (outcome == "read")
        {
            Assert.Same(record, RolloutCommands.Drivable(record));
        }
        else
        {
            var refused = Assert.Throws<CliException>(() => RolloutCommands.Drivable(record));
            Assert.Contains("a newer edgectl wrote", refused.Message, StringComparison.Ordinal);
        }
    }

    private static void Root(byte[] payload, string outcome, string shown)
    {
        if (outcome == "read")
        {
            var root = RootValidator.Parse(payload);
            Assert.NotNull(root.Role(RootDocument.ManifestsRole));
            return;
        }

        var refused = Assert.Throws<TrustException>(() => RootValidator.Parse(payload));
        Assert.Equal(RejectionReason.MalformedRoot, refused.Reason);
        Assert.Contains(shown, refused.Message, StringComparison.Ordinal);
    }
}
