namespace EdgeAgent.Core.Intake;

/// <summary>The root the device trusts now, read without changing anything (for re-provisioning).</summary>
public sealed partial class TrustStore
{
    /// <summary>
    /// The stored root when it verifies (rotated to a newer root of the trustRoot file that chains from
    /// it, as <see cref="LoadAsync"/> would), else (no stored state) the trustRoot file's first root; null
    /// when the device trusts no root yet. Writes nothing. Throws <see cref="TrustException"/> (no-trust-root)
    /// when a stored state exists but does not verify.
    /// </summary>
    public async Task<RootDocument?> TrustedRootAsync(CancellationToken cancellationToken)
    {
        var shipped = ShippedRoots(out _);
        RootDocument? trusted = null;
        var stored = await state.ReadAsync(Document, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            // Throws when it does not verify: falling back to the trustRoot file's root (rotations update only the
            // stored state) would hand the device to keys it rotated away, perhaps because they leaked.
            trusted = StoredRoot.Verify(Deserialize(stored), shipped.FirstOrDefault(), StatePath);
        }

        if (trusted is null && shipped.Count > 0)
        {
            trusted = RootChain.VerifyInitial(shipped[0]);
        }

        if (trusted is null)
        {
            return null;
        }

        return RootResolution.Resolve(trusted, shipped, time.GetUtcNow()).Root; // a rotation the agent would reject: the device stays on what it trusts
    }

    /// <summary>
    /// For a bundle that brings the trustRoot file: <see cref="CheckStoredAsync"/>, and the file's roots
    /// newer than the stored root must chain from it. The agent only logs a newer root that does not
    /// chain and keeps the stored one, so taking such a bundle would leave the device on the new
    /// configuration (brokers, certificates) trusting the old root. Throws <see cref="TrustException"/>.
    /// </summary>
    public async Task CheckStoredTakesRootFileAsync(CancellationToken cancellationToken)
    {
        if (await state.ReadAsync(Document, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return;
        }

        var shipped = ShippedRoots(out _);
        var root = StoredRoot.Verify(Deserialize(stored), shipped.FirstOrDefault(), StatePath);
        if (RootResolution.Resolve(root, shipped, time.GetUtcNow()) is { Refused: { } refused } resolution) // as the agent's start would rotate
        {
            throw new TrustException(Admission.RejectionReason.NoTrustRoot, $"{StatePath}: root v{ClaimedVersion(resolution.Newer[^1])} of the trustRoot file does not chain from the stored root v{root.Version} ({refused.Message})");
        }
    }

    /// <summary>Throws <see cref="TrustException"/> (no-trust-root, naming the problem) unless the trustRoot file holds a root a device can start from.</summary>
    public void CheckRootFile()
    {
        if (ShippedRoots(out var problem).Count == 0)
        {
            throw new TrustException(Admission.RejectionReason.NoTrustRoot, problem ?? $"{rootFile.Path} holds no root");
        }
    }
}
