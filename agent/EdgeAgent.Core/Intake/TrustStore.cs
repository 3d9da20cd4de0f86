using System.Text.Json;
using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Manifests;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Core.Intake;

/// <summary>
/// The device's trust state (root, clock floor, per-stream floors and last-known-good), kept as one
/// atomically written document in stateDir. The first root comes from the trustRoot file shipped on
/// the SD card; a newer root placed in that file (one envelope, or a JSON array of consecutive
/// envelopes) is accepted only through <see cref="RootChain.Rotate"/>.
/// </summary>
public sealed partial class TrustStore(IStateStore state, IRootFile rootFile, TimeProvider time, ILogger<TrustStore> logger)
{
    public const string Document = "trust-state.json";

    /// <summary>A chain of the most roots one update may carry.</summary>
    private const int MaxRootFileBytes = EnvelopeVerifier.MaxEnvelopeBytes * RootChain.MaxRotationsPerUpdate;

    private TrustState? cached;
    private (long Length, DateTime WrittenUtc)? cachedStamp;
    private string? reportedRootFileProblem;

    /// <summary>The current trust state; throws <see cref="TrustException"/> when there is no usable root.</summary>
    public async Task<TrustState> LoadAsync(CancellationToken cancellationToken)
    {
        // Held in memory and written through: an offer re-reads nothing unless the trustRoot file changed.
        var stamp = RootFileStamp();
        if (cached is not null && stamp == cachedStamp)
        {
            return cached;
        }

        var loaded = await LoadFromDiskAsync(cancellationToken).ConfigureAwait(false);
        (cached, cachedStamp) = (loaded, stamp);
        return loaded;
    }

    /// <summary>The trustRoot file's size and time of last write (null when missing): a change means a root to look at.</summary>
    private (long Length, DateTime WrittenUtc)? RootFileStamp() => rootFile.Stamp();

    private async Task<TrustState> LoadFromDiskAsync(CancellationToken cancellationToken)
    {
        var stored = await state.ReadAsync(Document, cancellationToken).ConfigureAwait(false);
        var current = stored is null ? null : Deserialize(stored);

        if (current is null)
        {
            List<byte[]> ordered;
            RootDocument root;
            try
            {
                ordered = [.. ReadRootFile().OrderBy(ClaimedVersion)];
                if (ordered.Count == 0)
                {
                    throw new TrustException(RejectionReason.NoTrustRoot, $"no trusted root: {rootFile.Path} is missing or holds no root, and {Document} holds none");
                }

                // First boot: the root shipped with the device, verified against its own root keys.
                root = RootChain.VerifyInitial(ordered[0]);
            }
            catch (TrustException ex) when (ex.Reason != RejectionReason.NoTrustRoot)
            {
                // The file is the device's configuration, not the manifest being offered: say so.
                throw new TrustException(RejectionReason.NoTrustRoot, $"no trusted root: {rootFile.Path} cannot be used ({ex.Reason.Code()}: {ex.Message}) and {Document} holds none");
            }

            var initial = ordered[0];
            current = TrustState.FromRoot(initial);
            LogRootTrusted(root.Version, rootFile.Path);
            current = Rotated(current, ordered.Skip(1));

            await SaveAsync(current, cancellationToken).ConfigureAwait(false);
            return current;
        }

        // A root is trusted: a damaged or unreadable trustRoot file is reported and never stops the device.
        var shipped = ShippedRoots(out var problem);
        if (problem is not null)
        {
            ReportUnusableRootFile(problem, current);
        }

        StoredRoot.Verify(current, shipped.FirstOrDefault(), StatePath);
        var rotated = Rotated(current, shipped);
        if (!ReferenceEquals(rotated, current))
        {
            await SaveAsync(rotated, cancellationToken).ConfigureAwait(false);
        }

        return rotated;
    }

    /// <summary>
    /// Checks the stored trust state without changing anything: readable, and its root verified (from
    /// the shipped root when the trustRoot file can be read). Throws <see cref="TrustException"/>.
    /// </summary>
    public async Task CheckStoredAsync(CancellationToken cancellationToken)
    {
        if (await state.ReadAsync(Document, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return;
        }

        StoredRoot.Verify(Deserialize(stored), ShippedRoots(out _).FirstOrDefault(), StatePath);
    }

    /// <summary>
    /// The trustRoot file's roots, lowest version first, the lowest verified against itself; none, with
    /// the <paramref name="problem"/>, when the file cannot be used (a device that trusts a root goes on).
    /// </summary>
    private List<byte[]> ShippedRoots(out string? problem)
    {
        problem = null;
        try
        {
            List<byte[]> shipped = [.. ReadRootFile().OrderBy(ClaimedVersion)];
            if (shipped.Count > 0)
            {
                RootChain.VerifyInitial(shipped[0]);
            }

            return shipped;
        }
        catch (TrustException ex)
        {
            problem = ex.Message;
            return [];
        }
    }

    private static string StatePath => $"stateDir/{Document}";

    private void ReportUnusableRootFile(string problem, TrustState current)
    {
        if (problem != reportedRootFileProblem)
        {
            reportedRootFileProblem = problem; // once per distinct problem, not every pass
            LogRootFileUnusable(rootFile.Path, problem, current.Root.Version);
        }
    }

    public async Task SaveAsync(TrustState trust, CancellationToken cancellationToken)
    {
        await state.WriteAsync(Document, JsonSerializer.SerializeToUtf8Bytes(trust, TrustJsonContext.Default.TrustState), cancellationToken).ConfigureAwait(false);
        cached = trust; // written through: the next offer starts from here without reading it back
    }

    /// <summary><paramref name="current"/> rotated to the trustRoot file's newer roots when they chain from it; else itself, the refusal logged.</summary>
    private TrustState Rotated(TrustState current, IEnumerable<byte[]> shipped)
    {
        var resolution = RootResolution.Resolve(current.Root, shipped, time.GetUtcNow());
        if (resolution.Refused is { } refused)
        {
            LogRotationRejected(rootFile.Path, refused.Reason.Code(), refused.Message, current.Root.Version);
            return current;
        }

        if (!resolution.Rotated)
        {
            return current;
        }

        LogRotated(current.Root.Version, resolution.Root.Version);
        return current.RotatedTo(resolution.Newer);
    }

    /// <summary>
    /// A root published on the trust topic: one envelope, or a JSON array of consecutive envelopes
    /// for devices that missed rotations. Roots at or below the trusted version are ignored (the
    /// retained root arrives on every connect). Returns the new root, or null when nothing changed.
    /// </summary>
    public async Task<RootDocument?> RotateFromAsync(byte[] published, string source, CancellationToken cancellationToken)
    {
        var current = await LoadAsync(cancellationToken).ConfigureAwait(false);
        var resolution = RootResolution.Resolve(current.Root, ParseChain(published, source), time.GetUtcNow());
        if (resolution.Refused is { } refused)
        {
            throw refused;
        }

        if (!resolution.Rotated)
        {
            return null;
        }

        await SaveAsync(current.RotatedTo(resolution.Newer), cancellationToken).ConfigureAwait(false);
        LogRotated(current.Root.Version, resolution.Root.Version);
        return resolution.Root;
    }

    /// <summary>The root envelopes in the trustRoot file: none when it is missing; throws <see cref="TrustException"/> when it cannot be used.</summary>
    private List<byte[]> ReadRootFile()
    {
        byte[]? bytes;
        try
        {
            bytes = rootFile.Read(MaxRootFileBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TrustException(RejectionReason.NoTrustRoot, $"trustRoot: {ex.Message}");
        }

        return bytes is null ? [] : ParseChain(bytes, rootFile.Path);
    }

    private static List<byte[]> ParseChain(byte[] bytes, string source)
    {
        if (bytes.Length > MaxRootFileBytes)
        {
            throw new TrustException(RejectionReason.Oversize, $"{source}: {bytes.Length} bytes is too large for a root chain");
        }

        var trimmed = bytes.AsSpan().TrimStart(" \t\r\n"u8);
        if (trimmed.Length > 0 && trimmed[0] == (byte)'[')
        {
            try
            {
                var list = JsonSerializer.Deserialize(bytes, TrustJsonContext.Default.ListDsseEnvelope) ?? [];
                return [.. list.Select(DsseSigner.Serialize)];
            }
            catch (JsonException ex)
            {
                throw new TrustException(RejectionReason.MalformedEnvelope, $"{source}: {JsonErrors.WithPath(ex)}");
            }
        }

        return [bytes];
    }

    private static long ClaimedVersion(byte[] envelope) => RootResolution.ClaimedVersion(envelope);

    private static TrustState Deserialize(byte[] stored)
    {
        TrustState? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(stored, TrustJsonContext.Default.TrustState);
        }
        catch (JsonException ex)
        {
            throw new TrustException(RejectionReason.NoTrustRoot, $"{StatePath} is unreadable: {JsonErrors.WithPath(ex)}");
        }

        return parsed ?? throw new TrustException(RejectionReason.NoTrustRoot, $"{StatePath} is empty");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The trustRoot file {Path} cannot be used ({Problem}); keeping the trusted root v{Version}")]
    private partial void LogRootFileUnusable(string path, string problem, long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trusting root v{Version} from {Path}")]
    private partial void LogRootTrusted(long version, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rotated trust root v{From} -> v{To}")]
    private partial void LogRotated(long from, long to);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected root update from {Path} ({Reason}): {Message}. Keeping root v{Version}")]
    private partial void LogRotationRejected(string path, string reason, string message, long version);
}
