using System.Security.Cryptography;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Reconciliation;

namespace EdgeAgent.Hosting;

/// <summary>
/// Desired state from a manifest file, admitted through the <see cref="ManifestGate"/>. Each
/// admitted manifest becomes the last-known-good; a refused or missing file changes nothing.
/// </summary>
internal sealed class ManifestFileSource(string path, bool allowUnsigned, ManifestGate gate, LastKnownGood lastKnownGood)
{
    private byte[]? lastHash;

    /// <summary>The path this source reads.</summary>
    public string Path { get; } = path;

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
            if (info.Exists && info.Length > ManifestParser.MaxManifestBytes)
            {
                return Changed(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"oversize:{info.Length}:{info.LastWriteTimeUtc.Ticks}")))
                    ? AdmissionResult.Reject(RejectionReason.InvalidManifest, [$"{Path}: {info.Length} bytes, more than the limit of {ManifestParser.MaxManifestBytes}"])
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

    /// <summary>Admits <paramref name="bytes"/> and, when accepted and <paramref name="persist"/>, stores them as last-known-good.</summary>
    public async Task<AdmissionResult> AdmitAsync(byte[] bytes, bool persist, CancellationToken cancellationToken)
    {
        if (!allowUnsigned)
        {
            return AdmissionResult.Reject(
                RejectionReason.UnsignedRefused,
                [$"{Path}: unsigned manifests are refused; this build cannot verify signatures yet, so pass --allow-unsigned (or set allowUnsigned in agent.json) for development"]);
        }

        var result = gate.Admit(bytes);
        if (result.Accepted && persist)
        {
            await lastKnownGood.SaveAsync(bytes, cancellationToken).ConfigureAwait(false);
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
