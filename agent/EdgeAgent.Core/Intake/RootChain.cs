using EdgeAgent.Core.Admission;

namespace EdgeAgent.Core.Intake;

/// <summary>
/// Root trust: the first root is taken from the device's own image (verified against itself);
/// every later root N+1 must be signed by a threshold of root N's root keys and of its own.
/// </summary>
public static class RootChain
{
    /// <summary>How many versions one update may advance: bounds the work an attacker can cause.</summary>
    public const int MaxRotationsPerUpdate = 16;

    public static RootDocument VerifyInitial(ReadOnlySpan<byte> envelope)
    {
        var claimed = RootValidator.Parse(DecodePayloadUnverified(envelope));
        var payload = EnvelopeVerifier.Verify(envelope, PayloadTypes.Root, claimed, RootDocument.RootRole);
        return RootValidator.Parse(payload);
    }

    /// <summary>Walks <paramref name="chain"/> (consecutive versions after <paramref name="trusted"/>); returns the last root and its envelope.</summary>
    public static (RootDocument Root, byte[] Envelope) Rotate(RootDocument trusted, IReadOnlyList<byte[]> chain, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.Count == 0)
        {
            throw new TrustException(RejectionReason.RootVersion, "no root to rotate to");
        }

        if (chain.Count > MaxRotationsPerUpdate)
        {
            throw new TrustException(RejectionReason.RootRotationLimit, $"{chain.Count} root versions in one update, more than {MaxRotationsPerUpdate}");
        }

        var current = trusted;
        byte[] envelope = [];
        foreach (var candidate in chain)
        {
            // Signed by the old root keys: the holders of root N agreed to N+1.
            var payload = EnvelopeVerifier.Verify(candidate, PayloadTypes.Root, current, RootDocument.RootRole);
            var next = RootValidator.Parse(payload);
            if (next.Version != current.Version + 1)
            {
                throw new TrustException(RejectionReason.RootVersion, $"root v{next.Version} cannot follow trusted root v{current.Version}: versions must be consecutive");
            }

            // And by its own root keys: the new key holders exist and accept the role.
            EnvelopeVerifier.Verify(candidate, PayloadTypes.Root, next, RootDocument.RootRole);
            current = next;
            envelope = candidate;
        }

        if (current.ExpiresAt <= now)
        {
            throw new TrustException(RejectionReason.RootExpired, $"root v{current.Version} expired at {current.ExpiresAt:O}");
        }

        return (current, envelope);
    }

    /// <summary>The claimed root inside an envelope, before verification (only to find the keys to verify it with).</summary>
    public static byte[] DecodePayloadUnverified(ReadOnlySpan<byte> envelope)
    {
        var parsed = EnvelopeVerifier.Parse(envelope);
        try
        {
            return Convert.FromBase64String(parsed.Payload);
        }
        catch (FormatException)
        {
            throw new TrustException(RejectionReason.MalformedEnvelope, "envelope $.payload is not base64");
        }
    }
}
