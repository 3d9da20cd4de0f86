using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;
using Microsoft.Extensions.Time.Testing;
using static EdgeAgent.Core.Tests.Fakes.TestTrust;

namespace EdgeAgent.Core.Tests.Intake;

/// <summary>The attacks of issue B, each refused with its own reason, and the paths that must work.</summary>
public sealed class TrustTests
{
    private readonly ECDsa rootKey1 = NewKey(), rootKey2 = NewKey(), rootKey3 = NewKey();
    private readonly ECDsa opKey1 = NewKey(), opKey2 = NewKey(), opKey3 = NewKey();
    private readonly ECDsa stranger = NewKey();
    private readonly FakeTimeProvider time = new(Now);
    private const string Stream = "file:/etc/edge-agent/manifest.json";

    private TrustState State(int manifestThreshold = 1) =>
        TrustState.FromRoot(SignRoot(Root(1, [rootKey1], 1, [opKey1, opKey2, opKey3], manifestThreshold), rootKey1));

    private ManifestVerifier Verifier(string device = "pi-01") => new(device, ["greenhouse"], time);

    private static RejectionReason Reason(Action action) => Assert.Throws<TrustException>(action).Reason;

    [Fact]
    public void Valid_manifest_is_accepted_and_moves_the_floors()
    {
        var trusted = Verifier().Verify(State(), Stream, SignManifest(ManifestJson(version: 3), opKey1));
        Assert.False(trusted.AlreadyAccepted);
        Assert.Equal(3, trusted.NextState.Streams[Stream].Version);
        Assert.Equal(Now.AddHours(-1), trusted.NextState.ClockFloor);
    }

    public static TheoryData<string, RejectionReason> EnvelopeAttacks() => new()
    {
        { "flipped payload byte", RejectionReason.ThresholdNotMet },
        { "unknown key", RejectionReason.ThresholdNotMet },
        { "root key is not a manifests key", RejectionReason.ThresholdNotMet },
        { "truncated payload", RejectionReason.MalformedEnvelope },
        { "non-base64 payload", RejectionReason.MalformedEnvelope },
        { "wrong payloadType", RejectionReason.WrongPayloadType },
        { "unknown envelope key", RejectionReason.MalformedEnvelope },
        { "duplicate envelope key", RejectionReason.MalformedEnvelope },
        { "oversize", RejectionReason.Oversize },
        { "no signatures", RejectionReason.ThresholdNotMet },
    };

    [Fact]
    public void An_empty_payload_is_refused_saying_so()
    {
        var ex = Assert.Throws<TrustException>(() => Verifier().Verify(State(), Stream, SignManifest("", opKey1)));
        Assert.Equal((RejectionReason.MalformedEnvelope, "envelope $.payload is empty"), (ex.Reason, ex.Message));
    }

    [Theory]
    [MemberData(nameof(EnvelopeAttacks))]
    public void Envelope_attack_is_refused_with_its_reason(string attack, RejectionReason reason)
    {
        var good = SignManifest(ManifestJson(), opKey1);
        var envelope = JsonSerializer.Deserialize(good, TrustJsonContext.Default.DsseEnvelope)!;
        var payload = Convert.FromBase64String(envelope.Payload);
        byte[] bytes = attack switch
        {
            "flipped payload byte" => Reserialize(envelope with { Payload = Convert.ToBase64String(Flip(payload, payload.Length / 2)) }),
            "unknown key" => SignManifest(ManifestJson(), stranger),
            "root key is not a manifests key" => SignManifest(ManifestJson(), rootKey1),
            "truncated payload" => Reserialize(envelope with { Payload = envelope.Payload[..^3] }),
            "non-base64 payload" => Reserialize(envelope with { Payload = "!!!!" + envelope.Payload[4..] }),
            "wrong payloadType" => Reserialize(envelope with { PayloadType = PayloadTypes.Root }),
            "unknown envelope key" => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(good).Replace("\"payloadType\"", "\"extra\": 1, \"payloadType\"", StringComparison.Ordinal)),
            "duplicate envelope key" => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(good).Replace("\"payloadType\"", $"\"payload\": \"{envelope.Payload}\", \"payloadType\"", StringComparison.Ordinal)),
            "oversize" => new byte[EnvelopeVerifier.MaxEnvelopeBytes + 1],
            _ => Reserialize(envelope with { Signatures = [] }),
        };
        Assert.Equal(reason, Reason(() => Verifier().Verify(State(), Stream, bytes)));
    }

    [Fact]
    public void Threshold_counts_each_key_once()
    {
        var state = State(manifestThreshold: 2);
        var once = JsonSerializer.Deserialize(SignManifest(ManifestJson(), opKey1), TrustJsonContext.Default.DsseEnvelope)!;
        var twice = once with { Signatures = [once.Signatures[0], once.Signatures[0]] };
        Assert.Equal(RejectionReason.ThresholdNotMet, Reason(() => Verifier().Verify(state, Stream, Reserialize(twice))));

        // The same key signing twice (two different, valid ECDSA signatures) still counts once.
        var again = JsonSerializer.Deserialize(SignManifest(ManifestJson(), opKey1), TrustJsonContext.Default.DsseEnvelope)!;
        var twoSigs = once with { Signatures = [once.Signatures[0], again.Signatures[0]] };
        Assert.Equal(RejectionReason.ThresholdNotMet, Reason(() => Verifier().Verify(state, Stream, Reserialize(twoSigs))));

        Assert.Equal(RejectionReason.ThresholdNotMet, Reason(() => Verifier().Verify(state, Stream, SignManifest(ManifestJson(), opKey1))));
    }

    [Fact]
    public void Two_of_three_threshold_is_met_by_any_two()
    {
        var state = State(manifestThreshold: 2);
        Assert.NotNull(Verifier().Verify(state, Stream, SignManifest(ManifestJson(), opKey1, opKey3)));
        Assert.NotNull(Verifier().Verify(state, Stream, SignManifest(ManifestJson(), opKey2, stranger, opKey3)));
    }

    [Fact]
    public void Rollback_and_reuse_of_a_version_are_refused_and_a_redelivery_is_a_no_op()
    {
        var v5 = SignManifest(ManifestJson(version: 5), opKey1);
        var state = Verifier().Verify(State(), Stream, v5).NextState;

        Assert.Equal(RejectionReason.RollbackVersion, Reason(() => Verifier().Verify(state, Stream, SignManifest(ManifestJson(version: 4), opKey1))));
        Assert.Equal(RejectionReason.VersionReplayDifferent, Reason(() => Verifier().Verify(state, Stream, SignManifest(ManifestJson(version: 5, apps: """{ "xy": { "image": "a" } }"""), opKey1))));

        var again = Verifier().Verify(state, Stream, v5);
        Assert.True(again.AlreadyAccepted);
        Assert.Equal(state.Streams[Stream], again.NextState.Streams[Stream]);

        // Floors are per stream: another stream starts fresh.
        Assert.False(Verifier().Verify(state, "other", SignManifest(ManifestJson(version: 1), opKey1)).AlreadyAccepted);
    }

    [Fact]
    public void Survives_a_round_trip_through_json_as_the_agent_persists_it()
    {
        var state = Verifier().Verify(State(), Stream, SignManifest(ManifestJson(version: 5), opKey1)).NextState;
        var restored = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(state, TrustJsonContext.Default.TrustState), TrustJsonContext.Default.TrustState)!;
        Assert.Equal(RejectionReason.RollbackVersion, Reason(() => Verifier().Verify(restored, Stream, SignManifest(ManifestJson(version: 4), opKey1))));
        Assert.Equal(1, restored.Root.Version);
    }

    [Fact]
    public void Foreign_target_expired_and_pre_floor_manifests_are_refused()
    {
        Assert.Equal(RejectionReason.WrongTarget, Reason(() => Verifier().Verify(State(), Stream, SignManifest(ManifestJson(device: "pi-02"), opKey1))));
        Assert.Equal(RejectionReason.WrongTarget, Reason(() => Verifier().Verify(State(), Stream, SignManifest(ManifestJson(device: "pi-02", group: "barn"), opKey1))));
        Assert.NotNull(Verifier().Verify(State(), Stream, SignManifest(ManifestJson(device: "pi-02", group: "greenhouse"), opKey1)));
        Assert.Equal(RejectionReason.Expired, Reason(() => Verifier().Verify(State(), Stream, SignManifest(ManifestJson(issued: Now.AddDays(-2), expires: Now.AddDays(-1)), opKey1))));

        var state = Verifier().Verify(State(), Stream, SignManifest(ManifestJson(version: 1, issued: Now.AddHours(-1)), opKey1)).NextState;
        Assert.Equal(RejectionReason.ClockFloor, Reason(() => Verifier().Verify(state, Stream, SignManifest(ManifestJson(version: 2, issued: Now.AddHours(-2)), opKey1))));
    }

    [Fact]
    public void A_device_clock_in_the_past_never_goes_below_the_clock_floor()
    {
        var state = Verifier().Verify(State(), Stream, SignManifest(ManifestJson(version: 1), opKey1)).NextState;
        var floor = state.ClockFloor!.Value;
        var rebooted = new ManifestVerifier("pi-01", ["greenhouse"], new FakeTimeProvider(DateTimeOffset.UnixEpoch));

        // Expired relative to the floor even though the RTC-less clock says 1970.
        Assert.Equal(RejectionReason.Expired, Reason(() => rebooted.Verify(state, Stream, SignManifest(ManifestJson(version: 2, issued: floor.AddHours(-2), expires: floor.AddHours(-1)), opKey1))));

        // Issued shortly after the floor: accepted; a day after: held until the clock is set.
        Assert.Equal(2, rebooted.Verify(state, Stream, SignManifest(ManifestJson(version: 2, issued: floor.AddMinutes(1)), opKey1)).NextState.Streams[Stream].Version);
        Assert.Equal(RejectionReason.IssuedInFuture, Reason(() => rebooted.Verify(state, Stream, SignManifest(ManifestJson(version: 2, issued: floor.AddDays(1)), opKey1))));
    }

    [Fact]
    public void A_manifest_issued_in_the_future_is_held_back_and_cannot_freeze_the_device()
    {
        var state = Verifier().Verify(State(), Stream, SignManifest(ManifestJson(version: 1), opKey1)).NextState;

        // A signing machine whose clock says 2099: refused, so the floor stays where it was.
        var fromTheFuture = SignManifest(ManifestJson(version: 2, issued: new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero), expires: new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero)), opKey1);
        Assert.Equal(RejectionReason.IssuedInFuture, Reason(() => Verifier().Verify(state, Stream, fromTheFuture)));

        // The fleet goes on: the next correct manifest applies.
        Assert.Equal(3, Verifier().Verify(state, Stream, SignManifest(ManifestJson(version: 3), opKey1)).NextState.Streams[Stream].Version);

        // One a day ahead is accepted once the device's clock gets there.
        var tomorrow = SignManifest(ManifestJson(version: 2, issued: Now.AddDays(1), expires: Now.AddDays(30)), opKey1);
        Assert.Equal(RejectionReason.IssuedInFuture, Reason(() => Verifier().Verify(state, Stream, tomorrow)));
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(2, Verifier().Verify(state, Stream, tomorrow).NextState.Streams[Stream].Version);
    }

    [Fact]
    public void The_clock_floor_never_moves_past_the_device_clock()
    {
        // Within the allowed skew ahead of the device: accepted, but the floor stops at the device's now.
        var state = Verifier().Verify(State(), Stream, SignManifest(ManifestJson(version: 1, issued: Now.AddMinutes(4)), opKey1)).NextState;
        Assert.Equal(Now, state.ClockFloor);

        // So a manifest signed a minute later by a machine whose clock is a bit behind still applies.
        Assert.Equal(2, Verifier().Verify(state, Stream, SignManifest(ManifestJson(version: 2, issued: Now.AddMinutes(1)), opKey1)).NextState.Streams[Stream].Version);
    }

    [Fact]
    public void Valid_signature_over_invalid_manifest_is_refused_by_the_strict_parser()
    {
        var duplicate = ManifestJson().Replace("\"name\": \"m\",", "\"name\": \"m\", \"name\": \"n\",", StringComparison.Ordinal);
        Assert.Throws<ManifestException>(() => Verifier().Verify(State(), Stream, SignManifest(duplicate, opKey1)));
        var unknown = ManifestJson().Replace("\"name\": \"m\",", "\"name\": \"m\", \"owner\": \"x\",", StringComparison.Ordinal);
        Assert.Throws<ManifestException>(() => Verifier().Verify(State(), Stream, SignManifest(unknown, opKey1)));
    }

    [Fact]
    public void Root_rotation_rules()
    {
        var v1 = Root(1, [rootKey1, rootKey2], 2, [opKey1], 1);
        var v2 = Root(2, [rootKey2, rootKey3], 2, [opKey2], 1);
        var v3 = Root(3, [rootKey3], 1, [opKey3], 1);

        // Signed by a threshold of the old and of the new root keys: accepted.
        var (root, _) = RootChain.Rotate(v1, [SignRoot(v2, rootKey1, rootKey2, rootKey3)], Now);
        Assert.Equal(2, root.Version);

        Assert.Equal(RejectionReason.ThresholdNotMet, Reason(() => RootChain.Rotate(v1, [SignRoot(v2, rootKey2, rootKey3)], Now)));         // only new keys (and one old)
        Assert.Equal(RejectionReason.ThresholdNotMet, Reason(() => RootChain.Rotate(v1, [SignRoot(v2, rootKey1, rootKey2)], Now)));         // only old keys
        Assert.Equal(RejectionReason.RootVersion, Reason(() => RootChain.Rotate(v1, [SignRoot(v3, rootKey1, rootKey2, rootKey3)], Now)));   // skips v2
        Assert.Equal(RejectionReason.RootExpired, Reason(() => RootChain.Rotate(v1, [SignRoot(Root(2, [rootKey1, rootKey2], 2, [opKey1], 1, Now.AddDays(-1)), rootKey1, rootKey2)], Now)));
        Assert.Equal(RejectionReason.RootRotationLimit, Reason(() => RootChain.Rotate(v1, [.. Enumerable.Repeat(SignRoot(v2, rootKey1, rootKey2, rootKey3), RootChain.MaxRotationsPerUpdate + 1)], Now)));

        // A chain of two consecutive rotations in one update.
        var (walked, _) = RootChain.Rotate(v1, [SignRoot(v2, rootKey1, rootKey2, rootKey3), SignRoot(v3, rootKey2, rootKey3)], Now);
        Assert.Equal(3, walked.Version);
    }

    [Fact]
    public void After_rotation_the_new_manifests_key_works_and_the_removed_key_does_not()
    {
        var v1 = SignRoot(Root(1, [rootKey1], 1, [opKey1], 1), rootKey1);
        var v2 = Root(2, [rootKey1], 1, [opKey2], 1);
        var state = TrustState.FromRoot(v1);
        var (_, envelope) = RootChain.Rotate(state.Root, [SignRoot(v2, rootKey1)], Now);
        var rotated = state with { RootEnvelope = Convert.ToBase64String(envelope) };

        Assert.Equal(2, rotated.Root.Version);
        Assert.NotNull(Verifier().Verify(rotated, Stream, SignManifest(ManifestJson(), opKey2)));
        Assert.Equal(RejectionReason.ThresholdNotMet, Reason(() => Verifier().Verify(rotated, Stream, SignManifest(ManifestJson(), opKey1))));
    }

    [Fact]
    public void Initial_root_must_be_signed_by_its_own_root_threshold()
    {
        var root = Root(1, [rootKey1, rootKey2], 2, [opKey1], 1);
        Assert.Equal(1, RootChain.VerifyInitial(SignRoot(root, rootKey1, rootKey2)).Version);
        Assert.Equal(RejectionReason.ThresholdNotMet, Reason(() => RootChain.VerifyInitial(SignRoot(root, rootKey1))));
    }

    public static TheoryData<string> MalformedRoots() => ["keyid not bound to key", "threshold above keys", "unknown keyid in role", "missing role", "zero threshold"];

    [Theory]
    [MemberData(nameof(MalformedRoots))]
    public void Malformed_root_is_refused(string problem)
    {
        var good = Root(1, [rootKey1], 1, [opKey1], 1);
        var bad = problem switch
        {
            "keyid not bound to key" => good with
            {
                Keys = good.Keys.ToDictionary(k => k.Key == KeyIds.Of(opKey1) ? KeyIds.Of(opKey2) : k.Key, k => k.Value),
                Roles = new Dictionary<string, RoleDefinition> { ["root"] = good.Roles["root"], ["manifests"] = new() { Keyids = [KeyIds.Of(opKey2)], Threshold = 1 } },
            },
            "threshold above keys" => good with { Roles = new Dictionary<string, RoleDefinition> { ["root"] = good.Roles["root"], ["manifests"] = good.Roles["manifests"] with { Threshold = 2 } } },
            "unknown keyid in role" => good with { Roles = new Dictionary<string, RoleDefinition> { ["root"] = good.Roles["root"], ["manifests"] = new() { Keyids = [KeyIds.Of(stranger)], Threshold = 1 } } },
            "missing role" => good with { Roles = new Dictionary<string, RoleDefinition> { ["root"] = good.Roles["root"] } },
            _ => good with { Roles = new Dictionary<string, RoleDefinition> { ["root"] = good.Roles["root"] with { Threshold = 0 }, ["manifests"] = good.Roles["manifests"] } },
        };
        Assert.Equal(RejectionReason.MalformedRoot, Reason(() => RootValidator.Validate(bad)));
    }

    [Fact]
    public void Pae_matches_the_dsse_specification_example()
    {
        // From the DSSE protocol document: PAE("http://example.com/HelloWorld", "hello world").
        Assert.Equal("DSSEv1 29 http://example.com/HelloWorld 11 hello world", Encoding.UTF8.GetString(Pae.Encode("http://example.com/HelloWorld", "hello world"u8)));
    }

    private static byte[] Reserialize(DsseEnvelope envelope) => DsseSigner.Serialize(envelope);

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
