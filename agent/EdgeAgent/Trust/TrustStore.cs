using System.Text.Json;
using EdgeAgent.Core.Ports;
using EdgeAgent.Core.Trust;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Trust;

/// <summary>
/// The device's trust state (root, clock floor, per-stream floors and last-known-good), kept as one
/// atomically written document in stateDir. The first root comes from the trustRoot file shipped on
/// the SD card; a newer root placed in that file (one envelope, or a JSON array of consecutive
/// envelopes) is accepted only through <see cref="RootChain.Rotate"/>.
/// </summary>
internal sealed partial class TrustStore(IStateStore state, string trustRootPath, TimeProvider time, ILogger<TrustStore> logger)
{
    public const string Document = "trust-state.json";

    /// <summary>The current trust state; throws <see cref="TrustException"/> when there is no usable root.</summary>
    public async Task<TrustState> LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await state.ReadAsync(Document, cancellationToken).ConfigureAwait(false);
        var current = stored is null ? null : Deserialize(stored);
        var candidates = await ReadRootFileAsync(cancellationToken).ConfigureAwait(false);

        if (current is null)
        {
            if (candidates.Count == 0)
            {
                throw new TrustException(TrustReason.NoTrustRoot, $"no trusted root: {trustRootPath} is missing and {Document} holds none");
            }

            // First boot: the root shipped with the device, verified against its own root keys.
            var initial = candidates[0];
            var root = RootChain.VerifyInitial(initial);
            current = TrustState.FromRoot(initial);
            LogRootTrusted(root.Version, trustRootPath);
            if (candidates.Count > 1)
            {
                current = TryRotate(current, candidates.Skip(1).ToList());
            }

            await SaveAsync(current, cancellationToken).ConfigureAwait(false);
            return current;
        }

        var newer = candidates.Where(c => ClaimedVersion(c) > current.Root.Version).ToList();
        if (newer.Count > 0)
        {
            var rotated = TryRotate(current, newer);
            if (!ReferenceEquals(rotated, current))
            {
                await SaveAsync(rotated, cancellationToken).ConfigureAwait(false);
                current = rotated;
            }
        }

        return current;
    }

    public Task SaveAsync(TrustState trust, CancellationToken cancellationToken) =>
        state.WriteAsync(Document, JsonSerializer.SerializeToUtf8Bytes(trust, TrustJsonContext.Default.TrustState), cancellationToken);

    private TrustState TryRotate(TrustState current, List<byte[]> chain)
    {
        try
        {
            var ordered = chain.OrderBy(ClaimedVersion).ToList();
            var (root, envelope) = RootChain.Rotate(current.Root, ordered, time.GetUtcNow());
            LogRotated(current.Root.Version, root.Version);
            return current with { RootEnvelope = Convert.ToBase64String(envelope) };
        }
        catch (TrustException ex)
        {
            LogRotationRejected(trustRootPath, ex.Reason, ex.Message, current.Root.Version);
            return current;
        }
    }

    /// <summary>
    /// A root published on the trust topic: one envelope, or a JSON array of consecutive envelopes
    /// for devices that missed rotations. Roots at or below the trusted version are ignored (the
    /// retained root arrives on every connect). Returns the new root, or null when nothing changed.
    /// </summary>
    public async Task<RootDocument?> RotateFromAsync(byte[] published, string source, CancellationToken cancellationToken)
    {
        var current = await LoadAsync(cancellationToken).ConfigureAwait(false);
        var newer = ParseChain(published, source).Where(c => ClaimedVersion(c) > current.Root.Version).ToList();
        if (newer.Count == 0)
        {
            return null;
        }

        var (root, envelope) = RootChain.Rotate(current.Root, [.. newer.OrderBy(ClaimedVersion)], time.GetUtcNow());
        await SaveAsync(current with { RootEnvelope = Convert.ToBase64String(envelope) }, cancellationToken).ConfigureAwait(false);
        LogRotated(current.Root.Version, root.Version);
        return root;
    }

    private async Task<List<byte[]>> ReadRootFileAsync(CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(trustRootPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }

        return ParseChain(bytes, trustRootPath);
    }

    private static List<byte[]> ParseChain(byte[] bytes, string source)
    {
        if (bytes.Length > EnvelopeVerifier.MaxEnvelopeBytes * RootChain.MaxRotationsPerUpdate)
        {
            throw new TrustException(TrustReason.Oversize, $"{source}: {bytes.Length} bytes is too large for a root chain");
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
                throw new TrustException(TrustReason.MalformedEnvelope, $"{source}: {EdgeAgent.Core.Manifests.JsonErrors.WithPath(ex)}");
            }
        }

        return [bytes];
    }

    private static long ClaimedVersion(byte[] envelope)
    {
        try
        {
            return RootValidator.Parse(RootChain.DecodePayloadUnverified(envelope)).Version;
        }
        catch (TrustException)
        {
            return long.MaxValue; // malformed: let Rotate refuse it with its reason
        }
    }

    private static TrustState Deserialize(byte[] stored)
    {
        try
        {
            return JsonSerializer.Deserialize(stored, TrustJsonContext.Default.TrustState)
                ?? throw new TrustException(TrustReason.NoTrustRoot, $"{Document} is empty");
        }
        catch (JsonException ex)
        {
            throw new TrustException(TrustReason.NoTrustRoot, $"{Document} is unreadable: {ex.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Trusting root v{Version} from {Path}")]
    private partial void LogRootTrusted(long version, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rotated trust root v{From} -> v{To}")]
    private partial void LogRotated(long from, long to);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected root update from {Path} ({Reason}): {Message}. Keeping root v{Version}")]
    private partial void LogRotationRejected(string path, string reason, string message, long version);
}
