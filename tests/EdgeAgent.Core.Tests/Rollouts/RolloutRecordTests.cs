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

    /// <summary>A signed envelope whose manifest claims <paramref name="version"/> (the record checks the claim; `rollout resume` verifies the signature).</summary>
    private static string EnvelopeOf(long version)
    {
        using var key = TestTrust.NewKey();
        return Convert.ToBase64String(DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, System.Text.Encoding.UTF8.GetBytes(TestTrust.ManifestJson(version, group: "greenhouse")), [key])));
    }
}
