using EdgeAgent.Core.Admission;

namespace EdgeAgent.Core.Intake;

/// <summary>
/// Re-verifies the root kept in the state directory each time it is loaded: the state directory sits
/// on the writable data partition, which is not trusted with content. The stored root must carry a
/// threshold of its own root keys, and must chain from the root shipped in the device's trustRoot
/// file through the rotations the device recorded. An edited, swapped or damaged root is refused.
/// </summary>
public static class StoredRoot
{
    /// <summary>Returns the stored root, verified; throws <see cref="TrustException"/> (no-trust-root) naming what failed.</summary>
    /// <param name="state">The trust state as read from the state directory.</param>
    /// <param name="shipped">The lowest root of the trustRoot file (verified against itself), or null when there is none to anchor to.</param>
    /// <param name="source">The state document's name, for messages.</param>
    public static RootDocument Verify(TrustState state, byte[]? shipped, string source)
    {
        ArgumentNullException.ThrowIfNull(state);
        byte[] envelope;
        try
        {
            envelope = Convert.FromBase64String(state.RootEnvelope);
        }
        catch (FormatException)
        {
            throw Refused(source, "$.rootEnvelope is not valid base64");
        }

        RootDocument stored;
        try
        {
            stored = RootChain.VerifyInitial(envelope);
        }
        catch (TrustException ex)
        {
            throw Refused(source, $"$.rootEnvelope does not verify against its own root keys: {ex.Message}");
        }

        if (shipped is null)
        {
            return stored; // nothing to anchor to: the self-signed root is all there is
        }

        var anchor = RootChain.VerifyInitial(shipped);
        if (anchor.Version > stored.Version)
        {
            return stored; // the file holds a newer root: the caller rotates to it
        }

        if (anchor.Version == stored.Version)
        {
            // Same content (re-signing or reformatting the file changes only the envelope's bytes).
            return SamePayload(envelope, shipped)
                ? stored
                : throw Refused(source, $"stored root v{stored.Version} is not the root v{anchor.Version} shipped in trustRoot");
        }

        // Stored by rotation: walk the recorded rotations from the shipped root up to the stored one.
        List<byte[]> rotations;
        try
        {
            rotations = [.. state.Rotations.Select(Convert.FromBase64String)];
        }
        catch (FormatException)
        {
            throw Refused(source, "$.rotations holds a value that is not valid base64");
        }

        var current = anchor;
        byte[] last = shipped;
        var steps = rotations.Where(r => ClaimedVersion(r) > anchor.Version).OrderBy(ClaimedVersion).ToList();
        try
        {
            foreach (var chunk in steps.Chunk(RootChain.MaxRotationsPerUpdate))
            {
                // Expiry is not checked here: an expired root is reported when a manifest is verified.
                (current, last) = RootChain.Rotate(current, chunk, DateTimeOffset.MinValue);
            }
        }
        catch (TrustException ex)
        {
            throw Refused(source, $"the recorded rotations do not chain from the shipped root v{anchor.Version}: {ex.Message}");
        }

        return current.Version == stored.Version && SamePayload(last, envelope)
            ? stored
            : throw Refused(source, $"stored root v{stored.Version} does not chain from the shipped root v{anchor.Version} (recorded rotations reach v{current.Version})");
    }

    private static bool SamePayload(byte[] a, byte[] b) =>
        RootChain.DecodePayloadUnverified(a).AsSpan().SequenceEqual(RootChain.DecodePayloadUnverified(b));

    private static long ClaimedVersion(byte[] envelope)
    {
        try
        {
            return RootValidator.Parse(RootChain.DecodePayloadUnverified(envelope)).Version;
        }
        catch (TrustException)
        {
            return long.MaxValue;
        }
    }

    private static TrustException Refused(string source, string problem) =>
        new(RejectionReason.NoTrustRoot, $"{source}: {problem}");
}
