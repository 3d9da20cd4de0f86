using System.Security.Cryptography;
using System.Text.Json;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Intake;

/// <summary>
/// Verifies a DSSE envelope against one role of a root, on the raw bytes, before anything parses
/// the payload. Each distinct key counts once toward the threshold.
/// </summary>
public static class EnvelopeVerifier
{
    /// <summary>Envelopes larger than this are refused before parsing (a 256 KiB manifest in base64, plus signatures).</summary>
    public const int MaxEnvelopeBytes = 384 * 1024;

    private const int MaxSignatures = 16;
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>Parses the envelope strictly; the payload is not decoded or trusted yet.</summary>
    public static DsseEnvelope Parse(ReadOnlySpan<byte> envelopeJson)
    {
        if (envelopeJson.Length > MaxEnvelopeBytes)
        {
            throw new TrustException(RejectionReason.Oversize, $"envelope is {envelopeJson.Length} bytes, more than the limit of {MaxEnvelopeBytes}");
        }

        DsseEnvelope envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(envelopeJson, TrustJsonContext.Default.DsseEnvelope)
                ?? throw new TrustException(RejectionReason.MalformedEnvelope, "envelope is null");
        }
        catch (JsonException ex)
        {
            throw new TrustException(RejectionReason.MalformedEnvelope, $"envelope {JsonErrors.WithPath(ex)}");
        }

        // Nullable annotations do not reach list elements: a null signature gets this far.
        for (var i = 0; i < envelope.Signatures.Count; i++)
        {
            if (envelope.Signatures[i] is null)
            {
                throw new TrustException(RejectionReason.MalformedEnvelope, $"envelope $.signatures[{i}] is null");
            }
        }

        return envelope;
    }

    /// <summary>Returns the verified payload bytes, or throws <see cref="TrustException"/>.</summary>
    public static byte[] Verify(ReadOnlySpan<byte> envelopeJson, string payloadType, RootDocument root, string roleName) =>
        Verify(Parse(envelopeJson), payloadType, root, roleName);

    /// <summary>Verifies an envelope parsed once by the caller; returns the verified payload bytes, or throws <see cref="TrustException"/>.</summary>
    public static byte[] Verify(DsseEnvelope envelope, string payloadType, RootDocument root, string roleName)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(root);
        if (envelope.PayloadType != payloadType)
        {
            throw new TrustException(RejectionReason.WrongPayloadType, $"payloadType is \"{envelope.PayloadType}\", expected \"{payloadType}\"");
        }

        var payload = DecodeCanonicalBase64(envelope.Payload, "payload");
        if (envelope.Signatures.Count > MaxSignatures)
        {
            throw new TrustException(RejectionReason.MalformedEnvelope, $"envelope has {envelope.Signatures.Count} signatures, more than {MaxSignatures}");
        }

        var role = root.Role(roleName);
        var pae = Pae.Encode(envelope.PayloadType, payload);
        var valid = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var signature in envelope.Signatures)
        {
            if (!role.Keyids.Contains(signature.Keyid, StringComparer.Ordinal) || !root.Keys.TryGetValue(signature.Keyid, out var key))
            {
                problems.Add($"key {Short(signature.Keyid)} is not a {roleName} key of root v{root.Version}");
                continue;
            }

            if (valid.Contains(signature.Keyid))
            {
                problems.Add($"key {Short(signature.Keyid)} signed more than once (counted once)");
                continue;
            }

            if (Verifies(key, pae, signature.Sig))
            {
                valid.Add(signature.Keyid);
            }
            else
            {
                problems.Add($"signature by {Short(signature.Keyid)} does not verify");
            }
        }

        if (valid.Count < role.Threshold)
        {
            var detail = problems.Count > 0 ? ": " + string.Join("; ", problems) : "";
            throw new TrustException(RejectionReason.ThresholdNotMet, $"{valid.Count} valid {roleName} signature(s), root v{root.Version} requires {role.Threshold}{detail}");
        }

        return payload;
    }

    /// <summary>True when the bytes look like a DSSE envelope rather than a bare document.</summary>
    public static bool LooksLikeEnvelope(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("payloadType"u8) || reader.ValueTextEquals("signatures"u8))
                {
                    return true;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    private static bool Verifies(RootKey key, byte[] pae, string sig)
    {
        byte[] signature;
        try
        {
            signature = DecodeCanonicalBase64(sig, "sig");
        }
        catch (TrustException)
        {
            return false;
        }

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(key.PublicKey), out _);
        return ecdsa.VerifyData(pae, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>Standard base64 with padding and nothing else: one encoding per byte string.</summary>
    private static byte[] DecodeCanonicalBase64(string text, string field)
    {
        if (text.Length == 0)
        {
            throw new TrustException(RejectionReason.MalformedEnvelope, $"envelope $.{field} is empty");
        }

        var buffer = new byte[(text.Length / 4 * 3) + 3];
        if (text.Length % 4 != 0
            || !Convert.TryFromBase64String(text, buffer, out var written)
            || Convert.ToBase64String(buffer, 0, written) != text)
        {
            throw new TrustException(RejectionReason.MalformedEnvelope, $"envelope $.{field} is not canonical standard base64");
        }

        return buffer[..written];
    }

    /// <summary>A keyid as messages show it: 12 characters, or the whole of a malformed one, quoted and escaped.</summary>
    private static string Short(string keyid) =>
        keyid.Length >= 12 && !keyid.AsSpan(0, 12).ContainsAnyExcept(HexDigits) ? keyid[..12] : TextRules.Quote(keyid);
}
