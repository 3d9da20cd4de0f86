using System.Security.Cryptography;
using System.Text;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using static EdgeAgent.Core.Tests.Fakes.TestTrust;

namespace EdgeAgent.Core.Tests.Intake;

/// <summary>A device's rollout topic for a group: the newer of it and the group topic is the group's manifest (README "Rolling out").</summary>
public sealed class RolloutStreamTests
{
    private const string DeviceTopic = "edge/v1/devices/pi-01/desired";
    private const string GroupTopic = "edge/v1/groups/greenhouse/desired";
    private const string RolloutTopic = "edge/v1/devices/pi-01/rollout/greenhouse";

    private readonly ECDsa rootKey = NewKey(), opKey = NewKey();
    private readonly FakeTimeProvider time = new(Now);
    private TrustState trust;

    public RolloutStreamTests() => trust = TrustState.FromRoot(SignRoot(Root(1, [rootKey], 1, [opKey], 1), rootKey));

    private DesiredStreams Streams() => new(
        "pi-01",
        ["greenhouse"],
        new ManifestGate(new PolicyAdmission(new AdmissionPolicy { RequireDigest = false }, new IdentityPaths())),
        new ManifestVerifier("pi-01", ["greenhouse"], time));

    private byte[] Group(long version, string app, string group = "greenhouse") => SignManifest(GroupManifest(version, Apps(app), group), opKey);

    private StreamEvaluation OfferAndCommit(DesiredStreams streams, string stream, byte[] envelope) => TestTrust.OfferAndCommit(streams, ref trust, stream, envelope);

    private StreamEvaluation ReleaseAndCommit(DesiredStreams streams)
    {
        var evaluation = streams.Release(trust, RolloutTopic);
        if (evaluation.Accepted)
        {
            trust = evaluation.NextTrust!;
            streams.Commit(evaluation, []);
        }

        return evaluation;
    }

    private static string[] AppsOf(DesiredStreams streams) => [.. streams.Current!.Desired!.Apps.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void The_rollout_topic_is_subscribed_for_each_group_of_the_device()
    {
        Assert.Contains(RolloutTopic, Streams().BrokerStreams);
        Assert.True(Streams().IsRolloutStream(RolloutTopic));
        Assert.False(Streams().IsStream("edge/v1/devices/pi-02/rollout/greenhouse"));
        Assert.False(Streams().IsStream("edge/v1/devices/pi-01/rollout/barn"));
    }

    [Fact]
    public void A_newer_manifest_on_the_rollout_topic_replaces_the_groups_and_its_apps_come_from_that_topic()
    {
        var streams = Streams();
        OfferAndCommit(streams, DeviceTopic, SignManifest(ManifestJson(version: 1, apps: Apps("own")), opKey));
        OfferAndCommit(streams, GroupTopic, Group(6, "old"));
        Assert.True(OfferAndCommit(streams, RolloutTopic, Group(7, "new")).Accepted);

        Assert.Equal(["new", "own"], AppsOf(streams));
        Assert.Equal(7, streams.Current!.Desired!.Apps["new"].Update.ManifestVersion);
    }

    [Theory]
    [InlineData(7, "group")] // the rollout completed: the group topic holds the same version
    [InlineData(8, "group")] // published to the group directly: a rollout never holds a device back
    [InlineData(6, "rollout")]
    public void The_newer_of_group_and_rollout_topic_wins_and_a_tie_goes_to_the_group(long groupVersion, string winner)
    {
        var streams = Streams();
        OfferAndCommit(streams, RolloutTopic, Group(7, "rollout"));
        OfferAndCommit(streams, GroupTopic, Group(groupVersion, "group"));

        Assert.Equal([winner], AppsOf(streams));
    }

    [Fact]
    public void A_release_returns_the_device_to_the_group_topic_and_forgets_the_rollout_topics_floor()
    {
        var streams = Streams();
        OfferAndCommit(streams, GroupTopic, Group(6, "old"));
        var bad = Group(7, "new");
        OfferAndCommit(streams, RolloutTopic, bad);

        var released = ReleaseAndCommit(streams);

        Assert.True(released.Accepted && released.Released);
        Assert.Equal(["old"], AppsOf(streams));
        Assert.False(trust.Streams.ContainsKey(RolloutTopic));
        Assert.Equal(6, trust.Streams[GroupTopic].Version);
        Assert.DoesNotContain(RolloutTopic, streams.AppliedVersions.Keys);

        // The same signed manifest may be rolled out again (a retry after a passing fault).
        Assert.True(OfferAndCommit(streams, RolloutTopic, bad).Accepted);
        Assert.Equal(["new"], AppsOf(streams));
    }

    [Fact]
    public void A_release_of_a_device_the_rollout_never_reached_changes_nothing()
    {
        var streams = Streams();
        OfferAndCommit(streams, GroupTopic, Group(6, "old"));
        var before = trust;

        var released = streams.Release(trust, RolloutTopic);

        Assert.True(released.Accepted && released.AlreadyAccepted);
        Assert.Same(before, released.NextTrust);
        Assert.Equal(["old"], AppsOf(streams));
    }

    [Fact]
    public void A_release_with_nothing_to_return_to_is_refused_and_the_device_keeps_what_it_runs()
    {
        var streams = Streams();
        OfferAndCommit(streams, RolloutTopic, Group(7, "new"));

        var released = streams.Release(trust, RolloutTopic);

        Assert.False(released.Accepted);
        Assert.Contains("cannot follow the group topic again", Assert.Single(released.Errors), StringComparison.Ordinal);
        Assert.Equal(["new"], AppsOf(streams));
        Assert.True(trust.Streams.ContainsKey(RolloutTopic));
    }

    [Theory]
    [InlineData("device")]
    [InlineData("barn")]
    public void The_rollout_topic_carries_only_manifests_of_its_group(string target)
    {
        var streams = Streams();
        var envelope = target == "device" ? SignManifest(ManifestJson(version: 3, apps: Apps("xy")), opKey) : Group(3, "xy", "barn");

        var evaluation = OfferAndCommit(streams, RolloutTopic, envelope);

        Assert.True(evaluation.Reason == RejectionReason.WrongTarget, string.Join("; ", evaluation.Errors));
        Assert.Null(streams.Current);
    }

    [Fact]
    public void An_older_manifest_on_the_rollout_topic_is_refused_by_its_own_floor()
    {
        var streams = Streams();
        OfferAndCommit(streams, RolloutTopic, Group(7, "new"));

        Assert.Equal(RejectionReason.RollbackVersion, OfferAndCommit(streams, RolloutTopic, Group(5, "older")).Reason);
        Assert.Equal(["new"], AppsOf(streams));
    }

    [Fact]
    public void Restore_after_a_restart_keeps_following_the_rollout_topic()
    {
        var first = Streams();
        OfferAndCommit(first, GroupTopic, Group(6, "old"));
        OfferAndCommit(first, RolloutTopic, Group(7, "new"));

        var restarted = Streams();
        Assert.True(restarted.Restore(trust).Accepted);
        Assert.Equal(["new"], AppsOf(restarted));
    }

    public static TheoryData<string, bool> ReleasePayloads() => new()
    {
        { "", true },
        { """{"follow":"group"}""", true },
        { """ { "follow" : "group", "rollout": "greenhouse-v7" } """, true },
        { """{"follow":"device"}""", false },
        { """{"follow":["group"]}""", false },
        { """["follow","group"]""", false },
        { "follow group", false },
        { "{\"follow\":\"group\"", false },
        { """{"payloadType":"application/vnd.edgeagent.manifest+json","payload":"e30=","signatures":[]}""", false },
        { "{\"follow\":\"group\",\"pad\":\"" + new string('x', 300) + "\"}", false },
    };

    [Theory]
    [MemberData(nameof(ReleasePayloads))]
    public void Only_an_empty_message_or_the_release_marker_is_a_release(string payload, bool release) =>
        Assert.Equal(release, RolloutRelease.IsRelease(Encoding.UTF8.GetBytes(payload)));

    [Theory]
    [InlineData("edge/v1/devices/pi-01/rollout/greenhouse", "greenhouse")]
    [InlineData("edge/v1/devices/pi-01/rollout/", null)]
    [InlineData("edge/v1/devices/pi-01/rollout/Green", null)]
    [InlineData("edge/v1/devices/pi-01/rollout/a/b", null)]
    [InlineData("edge/v1/devices//rollout/greenhouse", null)]
    [InlineData("edge/v1/devices/pi-01/desired", null)]
    [InlineData("edge/v1/groups/greenhouse/desired", null)]
    public void Rollout_topics_are_parsed_strictly(string topic, string? group) =>
        Assert.Equal(group, Topics.RolloutGroupOf(topic));
}
