namespace EdgeAgent.Core.Intake;

/// <summary>The root the device trusts now, read without changing anything (for re-provisioning).</summary>
public sealed partial class TrustStore
{
    /// <summary>
    /// The stored root when it verifies (rotated to a newer root of the trustRoot file that chains from
    /// it, as <see cref="LoadAsync"/> would), else the trustRoot file's first root; null when the device
    /// trusts no root yet. Writes nothing.
    /// </summary>
    public async Task<RootDocument?> TrustedRootAsync(CancellationToken cancellationToken)
    {
        var shipped = ShippedRoots(out _);
        RootDocument? trusted = null;
        var stored = await state.ReadAsync(Document, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            try
            {
                trusted = StoredRoot.Verify(Deserialize(stored), shipped.FirstOrDefault(), StatePath);
            }
            catch (TrustException)
            {
                // A stored state the device cannot start on (it exits 2): the shipped root is what stands.
            }
        }

        if (trusted is null && shipped.Count > 0)
        {
            trusted = RootChain.VerifyInitial(shipped[0]);
        }

        if (trusted is null)
        {
            return null;
        }

        var newer = shipped.Where(c => ClaimedVersion(c) > trusted.Version).OrderBy(ClaimedVersion).ToList();
        try
        {
            return newer.Count == 0 ? trusted : RootChain.Rotate(trusted, newer, time.GetUtcNow()).Root;
        }
        catch (TrustException)
        {
            return trusted; // a rotation the agent would reject: the device stays on what it trusts
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
