using System.Security.Cryptography;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Intake;

/// <summary>
/// Manifest acceptance (README "Security model"): a threshold of manifests-role signatures,
/// a version above the stream's floor (the same version again only with identical bytes), not
/// expired, not issued before the clock floor, and targeted at this device or one of its groups.
/// Pure: returns the next trust state; the caller persists it only if the manifest is admitted.
/// </summary>
public sealed class ManifestVerifier(string deviceId, IReadOnlyCollection<string> groups, TimeProvider time, bool checkTarget = true)
{
    /// <summary>
    /// How far a manifest's issuedAt may be ahead of the device's clock: signing machines and devices
    /// disagree by seconds to minutes, never by more unless one of the clocks is wrong.
    /// </summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public TrustedManifest Verify(TrustState state, string stream, ReadOnlySpan<byte> envelope) =>
        Verify(state, stream, EnvelopeVerifier.Parse(envelope));

    /// <summary>Verifies an envelope the caller parsed once; throws <see cref="TrustException"/> or <see cref="ManifestException"/>.</summary>
    public TrustedManifest Verify(TrustState state, string stream, DsseEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(state);
        var root = state.Root;

        // Devices without a real-time clock may boot in the past: never earlier than what was already trusted.
        var now = time.GetUtcNow();
        if (state.ClockFloor is { } floor && floor > now)
        {
            now = floor;
        }

        if (root.ExpiresAt <= now)
        {
            throw new TrustException(RejectionReason.RootExpired, $"trusted root v{root.Version} expired at {root.ExpiresAt:O}; rotate the root");
        }

        var payload = EnvelopeVerifier.Verify(envelope, PayloadTypes.Manifest, root, RootDocument.ManifestsRole);
        var manifest = ManifestParser.Parse(payload);
        var metadata = manifest.Metadata;
        var hash = Convert.ToHexStringLower(SHA256.HashData(payload));

        var already = false;
        if (state.Streams.TryGetValue(stream, out var current))
        {
            if (metadata.Version < current.Version)
            {
                throw new TrustException(RejectionReason.RollbackVersion, $"version {metadata.Version} is older than the accepted version {current.Version} of {stream}");
            }

            if (metadata.Version == current.Version)
            {
                if (hash != current.PayloadSha256)
                {
                    throw new TrustException(RejectionReason.VersionReplayDifferent, $"version {metadata.Version} of {stream} was already accepted with different content");
                }

                already = true;
            }
        }

        if (!already)
        {
            if (metadata.ExpiresAt <= now)
            {
                throw new TrustException(RejectionReason.Expired, $"expiresAt {metadata.ExpiresAt:O} has passed (this device's clock: {now:O}): sign it again with a later expiresAt");
            }

            if (state.ClockFloor is { } clockFloor && metadata.IssuedAt < clockFloor)
            {
                throw new TrustException(RejectionReason.ClockFloor, $"issuedAt {metadata.IssuedAt:O} is older than the clock floor {clockFloor:O}");
            }

            // A signer with a wrong clock must not move the floor into the future: that would expire
            // every later manifest. Held back instead, and accepted once the device's clock gets there.
            if (metadata.IssuedAt > now + MaxClockSkew)
            {
                throw new TrustException(RejectionReason.IssuedInFuture, $"issuedAt {metadata.IssuedAt:O} is ahead of this device's clock ({now:O}) by more than {MaxClockSkew.TotalMinutes:0} minutes; check the signing machine's clock (held back until the device's clock passes it)");
            }
        }

        var target = metadata.Target;
        if (checkTarget && !target.Devices.Any(d => d.Value == deviceId) && !target.Groups.Any(g => groups.Contains(g.Value, StringComparer.Ordinal)))
        {
            throw new TrustException(RejectionReason.WrongTarget, $"manifest targets devices [{string.Join(", ", target.Devices)}] and groups [{string.Join(", ", target.Groups)}], not device {deviceId} or its groups [{string.Join(", ", groups)}]");
        }

        var streams = new Dictionary<string, StreamState>(state.Streams, StringComparer.Ordinal)
        {
            [stream] = new StreamState { Version = metadata.Version, PayloadSha256 = hash, Payload = Convert.ToBase64String(payload) },
        };
        var next = state with
        {
            Streams = streams,
            ClockFloor = NextClockFloor(state.ClockFloor, metadata.IssuedAt, now),
        };
        return new TrustedManifest(manifest, payload, next, already);
    }

    /// <summary>The floor only rises, and never past the device's own (floored) clock.</summary>
    private static DateTimeOffset NextClockFloor(DateTimeOffset? floor, DateTimeOffset issuedAt, DateTimeOffset now)
    {
        var candidate = issuedAt < now ? issuedAt : now;
        return floor is { } f && f > candidate ? f : candidate;
    }
}
