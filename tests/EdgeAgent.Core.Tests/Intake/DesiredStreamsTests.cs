using System.Security.Cryptography;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using static EdgeAgent.Core.Tests.Fakes.TestTrust;

namespace EdgeAgent.Core.Tests.Intake;

public sealed class DesiredStreamsTests
{
    private const string DeviceTopic = "edge/v1/devices/pi-01/desired";
    private const string GroupTopic = "edge/v1/groups/greenhouse/desired";
    private const string Busybox = "\"edgeagent/busybox:1.35\"";

    private readonly ECDsa rootKey = NewKey(), opKey = NewKey(), newOpKey = NewKey();
    private readonly FakeTimeProvider time = new(Now);
    private TrustState trust;

    public DesiredStreamsTests() => trust = TrustState.FromRoot(SignRoot(Root(1, [rootKey], 1, [opKey], 1), rootKey));

    private DesiredStreams Streams() => new(
        "pi-01",
        ["greenhouse"],
        new ManifestGate(new PolicyAdmission(new AdmissionPolicy { RequireDigest = false }, new IdentityPaths())),
        new ManifestVerifier("pi-01", ["greenhouse"], time));

    private StreamEvaluation OfferAndCommit(DesiredStreams streams, string stream, byte[] envelope) => TestTrust.OfferAndCommit(streams, ref trust, stream, envelope);

    [Fact]
    public void A_manifest_issued_ahead_of_the_clock_is_held_and_applies_once_the_clock_gets_there()
    {
        var streams = Streams();
        var tomorrow = SignManifest(ManifestJson(version: 1, issued: Now.AddDays(1), apps: Apps("web")), opKey);
        var held = OfferAndCommit(streams, DeviceTopic, tomorrow);
        Assert.Equal(RejectionReason.IssuedInFuture, held.Reason);
        Assert.Null(streams.Current);
        Assert.Equal(DeviceTopic, Assert.Single(streams.HeldForClock).Stream);

        // Other refusals are not held for the clock.
        OfferAndCommit(streams, GroupTopic, SignManifest(GroupManifest(1, Apps("x")), newOpKey));
        Assert.Single(streams.HeldForClock);

        time.Advance(TimeSpan.FromDays(1));
        var (stream, envelope) = streams.HeldForClock[0];
        Assert.True(OfferAndCommit(streams, stream, envelope).Accepted);
        Assert.Empty(streams.HeldForClock);
        Assert.Equal(["web"], streams.Current!.Desired!.Apps.Keys);
    }

    private const string BarnTopic = "edge/v1/groups/barn/desired";

    private DesiredStreams TwoGroupStreams() => new(
        "pi-01",
        ["greenhouse", "barn"],
        new ManifestGate(new PolicyAdmission(new AdmissionPolicy { RequireDigest = false }, new IdentityPaths())),
        new ManifestVerifier("pi-01", ["greenhouse", "barn"], time));

    public static TheoryData<string, string, string, string> MergeClashes() => new()
    {
        // what, greenhouse's apps, barn's apps, the field of the error
        {
            "host port published by both groups",
            $$"""{ "web": { "image": {{Busybox}}, "ports": [ { "host": 80, "container": 80 } ] } }""",
            $$"""{ "api": { "image": {{Busybox}}, "ports": [ { "host": 80, "container": 8080 } ] } }""",
            "$.spec.apps."
        },
        {
            "dependency left out as a conflict",
            $$"""{ "web": { "image": {{Busybox}}, "dependsOn": ["db"] }, "db": { "image": {{Busybox}} } }""",
            $$"""{ "db": { "image": {{Busybox}} } }""",
            "$.spec.apps.web.dependsOn[0]"
        },
    };

    [Theory]
    [MemberData(nameof(MergeClashes))]
    public void Manifests_valid_alone_but_not_together_are_refused_naming_both_and_the_field(string what, string greenhouseApps, string barnApps, string field)
    {
        var streams = TwoGroupStreams();
        Assert.True(OfferAndCommit(streams, GroupTopic, SignManifest(GroupManifest(3, greenhouseApps), opKey)).Accepted, what);
        var before = streams.Current;

        var refused = OfferAndCommit(streams, BarnTopic, SignManifest(GroupManifest(7, barnApps, group: "barn"), opKey));
        Assert.False(refused.Accepted, what);
        Assert.Equal(RejectionReason.MergeInvalid, refused.Reason);
        var message = string.Join("\n", refused.Errors);
        Assert.Contains(field, message, StringComparison.Ordinal);
        Assert.Contains(GroupTopic + " v3", message, StringComparison.Ordinal);
        if (what.StartsWith("host port", StringComparison.Ordinal))
        {
            Assert.Contains(BarnTopic + " v7", message, StringComparison.Ordinal);
        }

        // The device keeps what it ran, and the barn stream's floor did not move.
        Assert.Same(before, streams.Current);
        Assert.False(streams.AppliedVersions.ContainsKey(BarnTopic));
    }

    [Fact]
    public void A_network_left_out_as_a_conflict_refuses_the_merge_that_needs_it()
    {
        static string WithNetwork(string json) => json.Replace("\"spec\": { \"apps\": ", "\"spec\": { \"networks\": { \"edge\": {} }, \"apps\": ", StringComparison.Ordinal);
        var streams = TwoGroupStreams();
        Assert.True(OfferAndCommit(streams, GroupTopic, SignManifest(WithNetwork(GroupManifest(1, $$"""{ "web": { "image": {{Busybox}}, "networks": ["edge"] } }""")), opKey)).Accepted);
        var refused = OfferAndCommit(streams, BarnTopic, SignManifest(WithNetwork(GroupManifest(1, "{}", group: "barn")), opKey));
        Assert.Equal(RejectionReason.MergeInvalid, refused.Reason);
        Assert.Contains(refused.Errors, e => e.Contains("$.spec.apps.web.networks[0]", StringComparison.Ordinal) && e.Contains(GroupTopic + " v1", StringComparison.Ordinal));
    }

    [Fact]
    public void Device_and_group_streams_merge_into_one_desired_state()
    {
        var streams = Streams();
        Assert.True(OfferAndCommit(streams, GroupTopic, SignManifest(GroupManifest(1, Apps("sensor", "web")), opKey)).Accepted);
        Assert.True(OfferAndCommit(streams, DeviceTopic, SignManifest(ManifestJson(version: 1, apps: Apps("web", "db")), opKey)).Accepted);

        Assert.Equal(["db", "sensor", "web"], streams.Current!.Desired!.Apps.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, streams.AppliedVersions[DeviceTopic]);
        Assert.Equal(1, streams.AppliedVersions[GroupTopic]);
    }

    [Theory]
    [InlineData(DeviceTopic, "pi-02", "greenhouse", "do not include pi-01")]
    [InlineData(DeviceTopic, "pi-02", null, "not device pi-01")]
    [InlineData(GroupTopic, "pi-01", null, "do not include greenhouse")]
    [InlineData("edge/v1/groups/barn/desired", "pi-01", null, "not a desired-state stream")]
    public void A_manifest_is_bound_to_the_stream_it_arrived_on(string stream, string device, string? group, string expected)
    {
        var streams = Streams();
        var envelope = SignManifest(ManifestJson(version: 5, device: device, group: group, apps: Apps("web")), opKey);
        var evaluation = streams.Offer(trust, stream, envelope);

        Assert.False(evaluation.Accepted);
        Assert.Equal(RejectionReason.WrongTarget, evaluation.Reason);
        Assert.Contains(expected, string.Join(" ", evaluation.Errors), StringComparison.Ordinal);
        Assert.Null(evaluation.NextTrust);
        Assert.Null(streams.Current);
    }

    [Fact]
    public void A_refusal_keeps_the_current_state_and_reports_the_claimed_version()
    {
        var streams = Streams();
        OfferAndCommit(streams, DeviceTopic, SignManifest(ManifestJson(version: 1, apps: Apps("web")), opKey));
        var before = streams.Current;

        var unsigned = OfferAndCommit(streams, DeviceTopic, SignManifest(ManifestJson(version: 2, apps: Apps("evil")), NewKey()));
        var denied = OfferAndCommit(streams, DeviceTopic, SignManifest(ManifestJson(version: 3, apps: """{ "web": { "image": "x:1", "security": { "privileged": true } } }"""), opKey));

        Assert.Equal((RejectionReason.ThresholdNotMet, 2L), (unsigned.Reason, unsigned.Version));
        Assert.Equal((RejectionReason.PolicyDenied, 3L), (denied.Reason, denied.Version));
        Assert.Same(before, streams.Current);
        Assert.Equal(1, trust.Streams[DeviceTopic].Version);
    }

    [Fact]
    public void A_group_manifest_that_breaks_policy_is_refused_as_a_whole_and_the_device_stream_stays()
    {
        var streams = Streams();
        OfferAndCommit(streams, DeviceTopic, SignManifest(ManifestJson(version: 1, apps: Apps("web")), opKey));
        var group = OfferAndCommit(streams, GroupTopic, SignManifest(GroupManifest(1, """{ "tap": { "image": "x:1", "binds": [ { "source": "/etc", "target": "/host" } ] } }"""), opKey));

        Assert.Equal(RejectionReason.PolicyDenied, group.Reason);
        Assert.Equal(["web"], streams.Current!.Desired!.Apps.Keys);
        Assert.False(trust.Streams.ContainsKey(GroupTopic));
    }

    [Fact]
    public void The_bootstrap_file_counts_only_until_a_broker_stream_is_accepted()
    {
        var streams = Streams();
        OfferAndCommit(streams, DesiredStreams.LocalStream, SignManifest(ManifestJson(version: 1, apps: Apps("bootstrap")), opKey));
        Assert.Equal(["bootstrap"], streams.Current!.Desired!.Apps.Keys);

        OfferAndCommit(streams, GroupTopic, SignManifest(GroupManifest(1, Apps("sensor")), opKey));
        Assert.Equal(["sensor"], streams.Current!.Desired!.Apps.Keys);
    }

    [Fact]
    public void A_redelivered_retained_manifest_is_already_accepted_and_changes_nothing()
    {
        var streams = Streams();
        var envelope = SignManifest(ManifestJson(version: 4, apps: Apps("web")), opKey);
        OfferAndCommit(streams, DeviceTopic, envelope);

        var again = streams.Offer(trust, DeviceTopic, envelope);
        Assert.True(again.Accepted);
        Assert.True(again.AlreadyAccepted);
    }

    [Fact]
    public void Restore_rebuilds_the_merged_state_from_persisted_streams_and_ignores_groups_left()
    {
        var first = Streams();
        OfferAndCommit(first, DeviceTopic, SignManifest(ManifestJson(version: 2, apps: Apps("web")), opKey));
        OfferAndCommit(first, GroupTopic, SignManifest(GroupManifest(7, Apps("sensor")), opKey));

        var left = new DesiredStreams(
            "pi-01",
            [],
            new ManifestGate(new PolicyAdmission(new AdmissionPolicy { RequireDigest = false }, new IdentityPaths())),
            new ManifestVerifier("pi-01", [], time));
        var restored = left.Restore(trust);

        Assert.True(restored.Accepted);
        Assert.Equal(["web"], left.Current!.Desired!.Apps.Keys);
        Assert.Equal(2, left.AppliedVersions[DeviceTopic]);
    }

    [Fact]
    public void A_manifest_signed_by_keys_of_a_root_not_yet_seen_is_refused_and_kept_for_a_retry_after_rotation()
    {
        var streams = Streams();
        var early = SignManifest(ManifestJson(version: 1, apps: Apps("web")), newOpKey);
        Assert.Equal(RejectionReason.ThresholdNotMet, OfferAndCommit(streams, DeviceTopic, early).Reason);

        var rotated = SignRoot(Root(2, [rootKey], 1, [newOpKey], 1), rootKey);
        trust = trust with { RootEnvelope = Convert.ToBase64String(RootChain.Rotate(trust.Root, [rotated], Now).Envelope) };

        var (stream, envelope) = Assert.Single(streams.Refused);
        Assert.True(OfferAndCommit(streams, stream, envelope).Accepted);
        Assert.Empty(streams.Refused);
        Assert.Equal(["web"], streams.Current!.Desired!.Apps.Keys);
    }
}
