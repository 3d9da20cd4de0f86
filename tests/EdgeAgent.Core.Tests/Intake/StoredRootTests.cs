using System.Security.Cryptography;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using static EdgeAgent.Core.Tests.Fakes.TestTrust;

namespace EdgeAgent.Core.Tests.Intake;

/// <summary>The root kept in the state directory is believed only if it verifies and chains from the shipped root.</summary>
public sealed class StoredRootTests
{
    private readonly ECDsa rootKey1 = NewKey(), rootKey2 = NewKey(), attackerKey = NewKey();
    private readonly ECDsa opKey = NewKey();

    private readonly byte[] V1, V2;

    public StoredRootTests()
    {
        V1 = SignRoot(Root(1, [rootKey1], 1, [opKey], 1), rootKey1);
        V2 = SignRoot(Root(2, [rootKey2], 1, [opKey], 1), rootKey1, rootKey2);
    }

    private static RejectionReason Reason(Action action) => Assert.Throws<TrustException>(action).Reason;

    [Fact]
    public void The_shipped_root_and_a_recorded_rotation_verify()
    {
        Assert.Equal(1, StoredRoot.Verify(TrustState.FromRoot(V1), V1, "state").Version);
        var rotated = TrustState.FromRoot(V1).RotatedTo([V2]);
        Assert.Equal(2, StoredRoot.Verify(rotated, V1, "state").Version);
        Assert.Equal(2, StoredRoot.Verify(rotated, null, "state").Version);
    }

    [Fact]
    public void A_swapped_root_is_refused_even_when_it_is_validly_self_signed()
    {
        // The attacker's own root v1, and a v2 that does not chain from the shipped v1.
        var forgedV1 = SignRoot(Root(1, [attackerKey], 1, [attackerKey], 1), attackerKey);
        Assert.Equal(RejectionReason.NoTrustRoot, Reason(() => StoredRoot.Verify(TrustState.FromRoot(forgedV1), V1, "state")));

        var forgedV2 = SignRoot(Root(2, [attackerKey], 1, [attackerKey], 1), attackerKey);
        Assert.Equal(RejectionReason.NoTrustRoot, Reason(() => StoredRoot.Verify(TrustState.FromRoot(forgedV2), V1, "state")));
        Assert.Equal(RejectionReason.NoTrustRoot, Reason(() => StoredRoot.Verify(TrustState.FromRoot(V1).RotatedTo([forgedV2]), V1, "state")));

        // The real v2 with its recorded rotations removed cannot be chained either.
        Assert.Equal(RejectionReason.NoTrustRoot, Reason(() => StoredRoot.Verify(TrustState.FromRoot(V2), V1, "state")));
    }

    [Fact]
    public void Damaged_stored_roots_are_refused_naming_the_key()
    {
        var notBase64 = new TrustState { RootEnvelope = "%%%" };
        var ex = Assert.Throws<TrustException>(() => StoredRoot.Verify(notBase64, V1, "trust-state.json"));
        Assert.Contains("trust-state.json: $.rootEnvelope is not valid base64", ex.Message, StringComparison.Ordinal);

        var flipped = V1.ToArray();
        flipped[flipped.Length / 2] ^= 1;
        Assert.Equal(RejectionReason.NoTrustRoot, Reason(() => StoredRoot.Verify(new TrustState { RootEnvelope = Convert.ToBase64String(flipped) }, V1, "state")));
        var badRotations = TrustState.FromRoot(V1).RotatedTo([V2]) with { Rotations = ["%%%"] };
        Assert.Equal(RejectionReason.NoTrustRoot, Reason(() => StoredRoot.Verify(badRotations, V1, "state")));
    }

    [Fact]
    public void The_shipped_root_re_signed_or_reformatted_is_still_the_same_root()
    {
        var resigned = SignRoot(RootValidator.Parse(RootChain.DecodePayloadUnverified(V1)), rootKey1);
        Assert.Equal(1, StoredRoot.Verify(TrustState.FromRoot(V1), resigned, "state").Version);
    }

    [Fact]
    public void A_newer_root_in_the_trustRoot_file_is_left_to_rotation()
    {
        Assert.Equal(1, StoredRoot.Verify(TrustState.FromRoot(V1), V2, "state").Version);
    }
}
