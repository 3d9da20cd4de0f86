using System.Security.Cryptography;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using Microsoft.Extensions.Time.Testing;
using static EdgeAgent.Core.Tests.Fakes.TestTrust;

namespace EdgeAgent.Core.Tests.Intake;

/// <summary>
/// Version skew in roots (README "Security model"): a root carrying a role this agent does not know
/// (published by an operator whose fleet is only partly updated) is taken, the role ignored; it
/// never adds a signer to a known role, and the known roles are checked exactly as before.
/// </summary>
public sealed class RootRoleSkewTests
{
    private readonly ECDsa rootKey = NewKey(), opKey = NewKey(), newRoleKey = NewKey();
    private readonly FakeTimeProvider time = new(Now);

    private RootDocument WithUnknownRole(RootDocument root, RoleDefinition role) => root with
    {
        Keys = root.Keys.Append(new(KeyIds.Of(newRoleKey), RootKey.For(newRoleKey))).ToDictionary(StringComparer.Ordinal),
        Roles = root.Roles.Append(new("deployers", role)).ToDictionary(StringComparer.Ordinal),
    };

    private RoleDefinition NewRole => new() { Keyids = [KeyIds.Of(newRoleKey)], Threshold = 1 };

    [Fact]
    public void A_root_with_an_unknown_role_is_accepted_and_its_known_roles_still_verify()
    {
        var root = WithUnknownRole(Root(1, [rootKey], 1, [opKey], 1), NewRole);
        var state = TrustState.FromRoot(SignRoot(root, rootKey));
        Assert.Equal(1, RootChain.VerifyInitial(Convert.FromBase64String(state.RootEnvelope)).Version);
        var verifier = new ManifestVerifier("pi-01", [], time);
        Assert.Equal(1, verifier.Verify(state, "local", SignManifest(ManifestJson(), opKey)).Manifest.Metadata.Version);
    }

    [Fact]
    public void An_unknown_role_adds_no_signer_to_a_known_role()
    {
        var state = TrustState.FromRoot(SignRoot(WithUnknownRole(Root(1, [rootKey], 1, [opKey], 1), NewRole), rootKey));
        var verifier = new ManifestVerifier("pi-01", [], time);
        var refused = Assert.Throws<TrustException>(() => verifier.Verify(state, "local", SignManifest(ManifestJson(), newRoleKey)));
        Assert.Equal(RejectionReason.ThresholdNotMet, refused.Reason);

        // Nor can it sign the next root in the root role's place.
        var next = WithUnknownRole(Root(2, [rootKey], 1, [opKey], 1), NewRole);
        var rotation = Assert.Throws<TrustException>(() => RootChain.Rotate(state.Root, [SignRoot(next, newRoleKey)], Now));
        Assert.Equal(RejectionReason.ThresholdNotMet, rotation.Reason);
    }

    [Fact]
    public void A_root_with_an_unknown_role_is_still_refused_for_a_broken_known_role()
    {
        var good = Root(1, [rootKey], 1, [opKey], 1);
        var broken = WithUnknownRole(good with { Roles = good.Roles.ToDictionary(r => r.Key, r => r.Key == RootDocument.ManifestsRole ? r.Value with { Threshold = 2 } : r.Value, StringComparer.Ordinal) }, NewRole);
        var refused = Assert.Throws<TrustException>(() => RootValidator.Validate(broken));
        Assert.Equal(RejectionReason.MalformedRoot, refused.Reason);
        Assert.Contains("$.roles.manifests.threshold", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_role_is_ignored_even_when_it_would_be_malformed_as_a_known_one()
    {
        // Its rules are the newer release's business; this agent neither checks nor uses it.
        var root = WithUnknownRole(Root(1, [rootKey], 1, [opKey], 1), new() { Keyids = ["not-a-key-of-this-root"], Threshold = 5 });
        Assert.Null(Record.Exception(() => RootValidator.Validate(root)));
    }
}
