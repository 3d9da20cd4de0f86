using System.Security.Cryptography;
using System.Text.Json;

namespace EdgeAgent.Core.Intake;

/// <summary>Creates DSSE envelopes (used by edgectl and by tests).</summary>
public static class DsseSigner
{
    public static DsseEnvelope Sign(string payloadType, ReadOnlySpan<byte> payload, IEnumerable<ECDsa> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var pae = Pae.Encode(payloadType, payload);
        return new DsseEnvelope
        {
            PayloadType = payloadType,
            Payload = Convert.ToBase64String(payload),
            Signatures = [.. keys.Select(k => new DsseSignature
            {
                Keyid = KeyIds.Of(k),
                Sig = Convert.ToBase64String(k.SignData(pae, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)),
            })],
        };
    }

    public static byte[] Serialize(DsseEnvelope envelope) =>
        JsonSerializer.SerializeToUtf8Bytes(envelope, TrustJsonContext.Default.DsseEnvelope);

    public static byte[] Serialize(RootDocument root) =>
        JsonSerializer.SerializeToUtf8Bytes(root, TrustJsonContext.Default.RootDocument);
}
