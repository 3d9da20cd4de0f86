using CsCheck;
using EdgeAgent.Core.Intake;
using static EdgeAgent.Core.Tests.Fakes.TestTrust;

namespace EdgeAgent.Core.Tests.Intake;

/// <summary>
/// Property: no random mutation of a signed envelope's bytes verifies to different content. A
/// mutation may only "verify" if the verified payload type and payload are exactly the original
/// ones (e.g. JSON whitespace or an escaped character in the envelope's JSON).
/// </summary>
public sealed class EnvelopeMutationProperties
{
    private static readonly System.Security.Cryptography.ECDsa Key = NewKey();
    private static readonly RootDocument Root = Root(1, [Key], 1, [Key], 1);
    private static readonly byte[] Envelope = SignManifest(ManifestJson(apps: """{ "web": { "image": "edgeagent/busybox:1.35" } }"""), Key);
    private static readonly byte[] Payload = EnvelopeVerifier.Verify(Envelope, PayloadTypes.Manifest, Root, RootDocument.ManifestsRole);

    private static bool NeverVerifiesToOtherContent(byte[] mutated)
    {
        try
        {
            var payload = EnvelopeVerifier.Verify(mutated, PayloadTypes.Manifest, Root, RootDocument.ManifestsRole);
            return payload.AsSpan().SequenceEqual(Payload);
        }
        catch (TrustException)
        {
            return true;
        }
    }

    [Fact]
    public void Random_byte_mutations_never_verify_to_other_content()
    {
        Gen.Select(Gen.Int[0, Envelope.Length - 1], Gen.Byte).Array[1, 4]
            .Sample(
                mutations =>
                {
                    var mutated = (byte[])Envelope.Clone();
                    foreach (var (index, value) in mutations)
                    {
                        mutated[index] = value;
                    }

                    return NeverVerifiesToOtherContent(mutated);
                },
                iter: 3000);
    }

    [Fact]
    public void Random_truncations_and_extensions_never_verify_to_other_content()
    {
        Gen.Select(Gen.Int[0, Envelope.Length], Gen.Byte.Array[0, 8])
            .Sample(
                t => NeverVerifiesToOtherContent([.. Envelope.AsSpan(0, t.Item1), .. t.Item2]),
                iter: 1000);
    }

    [Fact]
    public void The_unmutated_envelope_verifies()
    {
        Assert.True(NeverVerifiesToOtherContent(Envelope));
        Assert.NotEmpty(Payload);
    }
}
