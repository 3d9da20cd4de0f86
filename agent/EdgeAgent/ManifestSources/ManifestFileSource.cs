using System.Security.Cryptography;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.Shared;

namespace EdgeAgent.ManifestSources;

/// <summary>
/// Desired state from a manifest file (the `local` stream): read when its content changes and
/// offered to the feed, which verifies, admits and persists it. A refused, missing or unreadable
/// file changes nothing.
/// </summary>
internal sealed class ManifestFileSource(string path, ManifestIntake feed)
{
    private byte[]? lastHash;

    /// <summary>The path this source reads.</summary>
    public string Path { get; } = path;

    /// <summary>Reads the file; returns null when it is unchanged since the last call.</summary>
    public async Task<StreamEvaluation?> ReadIfChangedAsync(CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = RegularFile.ReadAllBytes(Path, EnvelopeVerifier.MaxEnvelopeBytes);
        }
        catch (InputTooLargeException ex)
        {
            // Reported once per size, not every pass.
            return Changed(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ex.Message))) ? StreamEvaluation.Reject(DesiredStreams.LocalStream, null, RejectionReason.Oversize, [ex.Message]) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Changed([]) ? StreamEvaluation.Reject(DesiredStreams.LocalStream, null, RejectionReason.InvalidManifest, [$"{Path}: cannot read: {ex.Message}"]) : null;
        }

        var hash = SHA256.HashData(bytes);
        if (lastHash is not null && hash.AsSpan().SequenceEqual(lastHash))
        {
            return null;
        }

        // Remembered only once offered and persisted: if that throws, the next pass tries again.
        var result = await feed.OfferAsync(DesiredStreams.LocalStream, bytes, persist: true, cancellationToken).ConfigureAwait(false);
        lastHash = hash;
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
