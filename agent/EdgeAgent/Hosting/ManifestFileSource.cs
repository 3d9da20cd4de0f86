using System.Security.Cryptography;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Core.Trust;
using EdgeAgent.Trust;

namespace EdgeAgent.Hosting;

/// <summary>
/// Desired state from a manifest file. A DSSE envelope is verified against the trusted root
/// (signatures, version floor, expiry, clock floor, target) before its manifest is parsed and
/// admitted by policy; a bare manifest is accepted only when unsigned input is explicitly allowed.
/// Each admitted manifest becomes the last-known-good; a refused or missing file changes nothing.
/// </summary>
internal sealed class ManifestFileSource(string path, bool allowUnsigned, ManifestGate gate, ManifestVerifier verifier, TrustStore trust, LastKnownGood lastKnownGood)
{
    private byte[]? lastHash;

    /// <summary>The path this source reads.</summary>
    public string Path { get; } = path;

    /// <summary>
    /// The stream whose version floor file input moves. One stream for every file, whatever its
    /// path: a copy of an old manifest under a new name must not roll the device back.
    /// </summary>
    public const string Stream = "local";

    /// <summary>
    /// Reads the file; returns null when it is unchanged since the last call. A refused or
    /// unreadable file yields a rejection; the caller keeps its current desired state.
    /// </summary>
    public async Task<AdmissionResult?> ReadIfChangedAsync(CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(Path);
            if (info.Exists && info.Length > EnvelopeVerifier.MaxEnvelopeBytes)
            {
                return Changed(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"oversize:{info.Length}:{info.LastWriteTimeUtc.Ticks}")))
                    ? AdmissionResult.Reject(TrustReason.Oversize, [$"{Path}: {info.Length} bytes, more than the limit of {EnvelopeVerifier.MaxEnvelopeBytes}"])
                    : null;
            }

            bytes = await File.ReadAllBytesAsync(Path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Changed([]) ? AdmissionResult.Reject(RejectionReason.InvalidManifest, [$"{Path}: cannot read: {ex.Message}"]) : null;
        }

        var hash = SHA256.HashData(bytes);
        if (lastHash is not null && hash.AsSpan().SequenceEqual(lastHash))
        {
            return null;
        }

        // Remembered only once admitted and persisted: if that throws, the next pass tries again.
        var result = await AdmitAsync(bytes, persist: true, cancellationToken).ConfigureAwait(false);
        lastHash = hash;
        return result;
    }

    /// <summary>Verifies and admits <paramref name="bytes"/>; when accepted and <paramref name="persist"/>, the trust state moves forward.</summary>
    public async Task<AdmissionResult> AdmitAsync(byte[] bytes, bool persist, CancellationToken cancellationToken)
    {
        if (bytes.Length > EnvelopeVerifier.MaxEnvelopeBytes)
        {
            return AdmissionResult.Reject(TrustReason.Oversize, [$"{Path}: {bytes.Length} bytes, more than the limit of {EnvelopeVerifier.MaxEnvelopeBytes}"]);
        }

        if (!EnvelopeVerifier.LooksLikeEnvelope(bytes))
        {
            if (!allowUnsigned)
            {
                return AdmissionResult.Reject(
                    RejectionReason.UnsignedRefused,
                    [$"{Path}: not a signed (DSSE) manifest; sign it with `edgectl manifest sign`, or pass --allow-unsigned (development only)"]);
            }

            var unsigned = gate.Admit(bytes);
            if (unsigned.Accepted && persist)
            {
                await lastKnownGood.SaveAsync(bytes, cancellationToken).ConfigureAwait(false);
            }

            return unsigned;
        }

        TrustedManifest trusted;
        try
        {
            var state = await trust.LoadAsync(cancellationToken).ConfigureAwait(false);
            trusted = verifier.Verify(state, Stream, bytes);
        }
        catch (TrustException ex)
        {
            return AdmissionResult.Reject(ex.Reason, [$"{Path}: {ex.Message}"]);
        }
        catch (ManifestException ex)
        {
            return AdmissionResult.Reject(RejectionReason.InvalidManifest, ex.Errors.Select(e => e.ToString()));
        }

        var result = gate.Admit(trusted.Manifest);
        if (result.Accepted && persist && !trusted.AlreadyAccepted)
        {
            // One atomic write: the new floor, clock floor and last-known-good move together.
            await trust.SaveAsync(trusted.NextState, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private bool Changed(byte[] hash)
    {
        if (lastHash is not null && hash.AsSpan().SequenceEqual(lastHash))
        {
            return false;
        }

        lastHash = hash;
        return true;
    }
}
