using System.Globalization;
using System.Security.Cryptography;
using EdgeAgent.Core.Intake;
using static EdgeAgent.Core.Tests.Fakes.TestTrust;

namespace EdgeAgent.Core.Tests.Intake;

/// <summary>
/// The one rotation rule TrustStore applies at start, for its trusted-root and bundle checks and on the trust topic:
/// candidates at or below the trusted version are ignored, the newer ones rotate as one chain or not at all.
/// </summary>
public sealed class RootResolutionTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-01T00:00:00Z", CultureInfo.InvariantCulture);
    private readonly ECDsa key1 = NewKey(), key2 = NewKey(), key3 = NewKey(), opKey = NewKey();
    private readonly byte[] v1, v2, v3;
    private readonly RootDocument root1;

    public RootResolutionTests()
    {
        v1 = SignRoot(Root(1, [key1], 1, [opKey], 1), key1);
        v2 = SignRoot(Root(2, [key2], 1, [opKey], 1), key1, key2);
        v3 = SignRoot(Root(3, [key3], 1, [opKey], 1), key2, key3);
        root1 = RootChain.VerifyInitial(v1);
    }

    [Fact]
    public void No_newer_candidate_leaves_the_trusted_root()
    {
        var resolution = RootResolution.Resolve(root1, [v1], Now);

        Assert.Same(root1, resolution.Root);
        Assert.Empty(resolution.Newer);
        Assert.Null(resolution.Refused);
        Assert.False(resolution.Rotated);
    }

    [Fact]
    public void Newer_candidates_in_any_order_rotate_as_one_chain()
    {
        var resolution = RootResolution.Resolve(root1, [v3, v1, v2], Now);

        Assert.True(resolution.Rotated);
        Assert.Equal(3, resolution.Root.Version);
        Assert.Equal([v2, v3], resolution.Newer);
    }

    [Fact]
    public void A_gap_in_the_chain_is_refused_and_the_trusted_root_stands()
    {
        var resolution = RootResolution.Resolve(root1, [v3], Now);

        Assert.False(resolution.Rotated);
        Assert.Same(root1, resolution.Root);
        Assert.NotNull(resolution.Refused); // v3 is signed by v2's keys, not by v1's
        Assert.Equal([v3], resolution.Newer);
    }

    [Fact]
    public void A_malformed_candidate_is_refused_not_thrown()
    {
        var resolution = RootResolution.Resolve(root1, [v2, "not an envelope"u8.ToArray()], Now);

        Assert.False(resolution.Rotated);
        Assert.Same(root1, resolution.Root);
        Assert.NotNull(resolution.Refused);
    }
}
