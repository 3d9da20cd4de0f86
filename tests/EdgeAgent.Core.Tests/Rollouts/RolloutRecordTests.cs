using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Rollouts;
using EdgeAgent.Core.Tests.Fakes;

namespace EdgeAgent.Core.Tests.Rollouts;

/// <summary>A record read back from the broker is checked before anyone drives it.</summary>
public sealed class RolloutRecordTests
{
    private static readonly RolloutRecord Good = new()
    {
        Id = "greenhouse-v7",
        Group = "greenhouse",
        Version = 7,
        PreviousVersion = 6,
        Envelope = EnvelopeOf(7),
        Waves = [["pi-01"], ["pi-02"]],
        HealthSeconds = 60,
        MaxFailures = "5%",
        WaveTimeoutSeconds = 900,
    };

    public static TheoryData<string, RolloutRecord> Broken() => new()
    {
        { "id", Good with { Id = "../x" } },
        { "group", Good with { Group = "" } },
        { "version", Good with { Version = 0 } },
        { "previous version", Good with { PreviousVersion = 7 } },
        { "no waves", Good with { Waves = [] } },
        { "an empty wave", Good with { Waves = [["pi-01"], []] } },
        { "a bad device id", Good with { Waves = [["pi-01", "PI 02"]] } },
        { "wave out of range", Good with { Wave = 2 } },
        { "negative wave", Good with { Wave = -1 } },
        { "health", Good with { HealthSeconds = -1 } },
        { "timeout", Good with { WaveTimeoutSeconds = 0 } },
        { "max failures", Good with { MaxFailures = "lots" } },
        { "envelope", Good with { Envelope = "not base64!" } },
        { "envelope not an envelope", Good with { Envelope = "e30=" } },
        { "envelope of another version", Good with { Envelope = EnvelopeOf(8) } },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_record_is_unusable(string what, RolloutRecord record) =>
        Assert.True(record.Problems().Count > 0, what);

    [Fact]
    public void A_good_record_has_no_problem() => Assert.Empty(Good.Problems());

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_record_is_never_read_as_usable_at_its_topic(string what, RolloutRecord record)
    {
        var reading = RolloutRecord.ReadAt(record.Id, null, JsonSerializer.SerializeToUtf8Bytes(record, RolloutJsonContext.Default.RolloutRecord));
        Assert.True(reading.Record is null, what);
        Assert.StartsWith($"the retained rollout record ", reading.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string, string?, string, string?> Readings() => new()
    {
        { "greenhouse-v7", null, "good", null },
        { "greenhouse-v7", "greenhouse", "good", null },
        { "greenhouse-v7", "barn", "good", "at edge/v1/rollouts/greenhouse-v7 is unusable: it says it is rollout \"greenhouse-v7\" of group \"greenhouse\"" },
        { "barn-v3", null, "good", "at edge/v1/rollouts/barn-v3 is unusable: it says it is rollout \"greenhouse-v7\"" },
        { "greenhouse-v7", null, "null", "of greenhouse-v7 is unreadable" },
        { "greenhouse-v7", null, "[]", "of greenhouse-v7 is unreadable: $:" },
        { "greenhouse-v7", null, "{\"id\":7}", "of greenhouse-v7 is unreadable: $.id:" },
        { "greenhouse-v7", null, "previous", "of greenhouse-v7 is unusable: version 7 must be positive and above the previous version 7" },
    };

    [Theory]
    [MemberData(nameof(Readings))]
    public void A_record_is_read_at_its_topic_by_one_rule(string id, string? group, string payload, string? error)
    {
        var bytes = payload switch
        {
            "good" => JsonSerializer.SerializeToUtf8Bytes(Good, RolloutJsonContext.Default.RolloutRecord),
            "previous" => JsonSerializer.SerializeToUtf8Bytes(Good with { PreviousVersion = 7 }, RolloutJsonContext.Default.RolloutRecord),
            _ => System.Text.Encoding.UTF8.GetBytes(payload),
        };
        var reading = RolloutRecord.ReadAt(id, group, bytes);
        if (error is null)
        {
            Assert.Equal(Good, reading.Record! with { Waves = Good.Waves, Failed = Good.Failed });
            Assert.Null(reading.Error);
            return;
        }

        Assert.Null(reading.Record);
        Assert.Contains(error, reading.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_retained_is_no_record_and_no_error() => Assert.Equal(new RolloutRecordReading(null, null), RolloutRecord.ReadAt("greenhouse-v7", null, []));

    /// <summary>A signed envelope whose manifest claims <paramref name="version"/> (the record checks the claim; `rollout resume` verifies the signature).</summary>
    private static string EnvelopeOf(long version)
    {
        using var key = TestTrust.NewKey();
        return Convert.ToBase64String(DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, System.Text.Encoding.UTF8.GetBytes(TestTrust.ManifestJson(version, group: "greenhouse")), [key])));
    }
}
