using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;

namespace EdgeAgent.Core.Requests;

/// <summary>
/// Operator requests on a device (README "Logs on request"): a threshold of the trust root's requests
/// role signed it, it names this device, it is fresh (not expired by the device's clock, not issued
/// ahead of it, living at most <see cref="MaxLifetime"/>) and it was not answered before. Throws
/// <see cref="TrustException"/> with the reason; nothing is remembered for a refused request.
/// </summary>
public sealed class RequestVerifier(string deviceId, TimeProvider time, ReplayGuard replays)
{
    public const int MaxRequestBytes = 16 * 1024;
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(15);

    public OperatorRequest Verify(RootDocument root, ReadOnlySpan<byte> envelope)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (envelope.Length > MaxRequestBytes)
        {
            throw new TrustException(RejectionReason.Oversize, $"{envelope.Length} bytes, more than the limit of {MaxRequestBytes} for a request");
        }

        var parsed = EnvelopeVerifier.Parse(envelope);
        if (!root.Roles.ContainsKey(RootDocument.RequestsRole))
        {
            throw new TrustException(RejectionReason.NoRequestsRole, $"trust root v{root.Version} defines no requests role: rotate it with `edgectl root rotate --requests-key`");
        }

        var request = RequestParser.Parse(EnvelopeVerifier.Verify(parsed, PayloadTypes.Request, root, RootDocument.RequestsRole));
        if (request.Device != deviceId)
        {
            throw new TrustException(RejectionReason.WrongTarget, $"request {request.Id} is for device {request.Device}, not {deviceId}");
        }

        var now = time.GetUtcNow();
        if (request.ExpiresAt <= now)
        {
            throw new TrustException(RejectionReason.Expired, $"request {request.Id} expired at {request.ExpiresAt:O} (this device's clock: {now:O})");
        }

        if (request.IssuedAt > now + ManifestVerifier.MaxClockSkew)
        {
            throw new TrustException(RejectionReason.IssuedInFuture, $"request {request.Id} was issued at {request.IssuedAt:O}, ahead of this device's clock ({now:O})");
        }

        if (request.ExpiresAt - request.IssuedAt > MaxLifetime)
        {
            throw new TrustException(RejectionReason.InvalidRequest, $"request {request.Id} lives {(request.ExpiresAt - request.IssuedAt).TotalMinutes:0} minutes, more than {MaxLifetime.TotalMinutes:0}");
        }

        if (replays.Refusal(request) is { } replayed)
        {
            throw new TrustException(RejectionReason.RequestReplayed, replayed);
        }

        replays.Remember(request, now);
        return request;
    }
}
