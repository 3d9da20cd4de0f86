using System.Security.Cryptography;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;

namespace EdgeCtl.Commands;

/// <summary>
/// SHA256SUMS.dsse.json: the bundle's SHA256SUMS signed by root keys of the root a device already
/// trusts. A device that trusts a root takes no other bundle (README "Field install": re-provisioning).
/// </summary>
internal sealed class BundleSignature(ECDsa[] keys, RootDocument trusted)
{
    public const string FileName = "SHA256SUMS.dsse.json";

    /// <summary>Keys checked against the trusted root's root role before anything is written: a bundle the device would refuse is not made.</summary>
    public static BundleSignature Prepare(string[] keyPaths, byte[] trustedEnvelope, string trustedPath)
    {
        RootDocument trusted;
        try
        {
            trusted = RootChain.VerifyInitial(trustedEnvelope);
        }
        catch (TrustException ex)
        {
            throw CliException.Failed($"{trustedPath}: not a root ({ex.Reason.Code()}): {ex.Message}");
        }

        var signature = new BundleSignature([.. keyPaths.Select(KeyFiles.ReadPrivate)], trusted);
        try
        {
            signature.Verify(signature.Sign("check"u8.ToArray()), "check"u8);
        }
        catch (TrustException ex)
        {
            throw CliException.Usage($"--sign-key: a device trusting root v{trusted.Version} ({trustedPath}) would refuse the bundle ({ex.Reason.Code()}): {ex.Message}");
        }

        return signature;
    }

    public byte[] Sign(byte[] sums) => DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Bundle, sums, keys));

    private void Verify(byte[] envelope, ReadOnlySpan<byte> expected)
    {
        if (!EnvelopeVerifier.Verify(envelope, PayloadTypes.Bundle, trusted, RootDocument.RootRole).AsSpan().SequenceEqual(expected))
        {
            throw new TrustException(RejectionReason.MalformedEnvelope, "the signed payload differs");
        }
    }
}
