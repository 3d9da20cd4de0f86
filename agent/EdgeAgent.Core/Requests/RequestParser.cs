using System.Text.Json;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Requests;

/// <summary>Parses an operator request strictly and checks every field; a refusal names the field.</summary>
public static class RequestParser
{
    public const int MaxTail = 10_000;
    public const int MaxSinceSeconds = 7 * 24 * 3600;

    /// <summary>What a refused request id is told.</summary>
    public const string RequestIdRule = "must be 8 to 64 lowercase letters, digits and '-'";

    /// <summary>The one request id rule (a request's own id, and the id a refused one claims for its answer's topic).</summary>
    public static bool IsValidRequestId(string? id) =>
        id is { Length: >= 8 and <= 64 } && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    public static OperatorRequest Parse(ReadOnlySpan<byte> payload)
    {
        OperatorRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(payload, RequestJsonContext.Default.OperatorRequest);
        }
        catch (JsonException ex)
        {
            throw Invalid($"{ex.Path ?? "$"}: {ex.Message}");
        }

        if (request is null)
        {
            throw Invalid("$: the request is null");
        }

        if (request.ApiVersion != "edge/v1" || request.Kind != "Request")
        {
            throw Invalid($"$.apiVersion/$.kind: \"{request.ApiVersion}\"/\"{request.Kind}\" is not edge/v1 Request");
        }

        if (!IsValidRequestId(request.Id))
        {
            throw Invalid($"$.id: {RequestIdRule}");
        }

        if (DeviceName.DeviceIdProblem(request.Device) is { } problem)
        {
            throw Invalid($"$.device: {problem}");
        }

        if (request.Logs is { } logs)
        {
            if (logs.App is { } app && app != "agent" && !ManifestValidator.IsAppName(app))
            {
                throw Invalid("$.logs.app: not an app name");
            }

            if (logs.SinceSeconds is < 0 or > MaxSinceSeconds)
            {
                throw Invalid($"$.logs.sinceSeconds: must be between 0 (everything kept) and {MaxSinceSeconds}");
            }

            if (logs.Tail is < 1 or > MaxTail)
            {
                throw Invalid($"$.logs.tail: must be between 1 and {MaxTail}");
            }

            if (request.Action == RequestAction.SupportBundle && logs.App is not null)
            {
                throw Invalid("$.logs.app: a support bundle holds the agent and every managed app");
            }

            if (request.Action == RequestAction.SupportBundle && logs.Follow)
            {
                throw Invalid("$.logs.follow: a support bundle is answered as it stands");
            }
        }

        return request;
    }

    /// <summary>
    /// The id a request that is refused before it is verified claims, when it is a well-formed id (a
    /// safe topic level for the refusal's answer; never trusted for anything else); null otherwise.
    /// </summary>
    public static string? ClaimedId(ReadOnlySpan<byte> envelope)
    {
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(EnvelopeVerifier.Parse(envelope).Payload));
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.String && id.GetString() is { } text && IsValidRequestId(text) ? text : null;
        }
        catch (Exception ex) when (ex is TrustException or JsonException or FormatException)
        {
            return null;
        }
    }

    private static TrustException Invalid(string message) => new(RejectionReason.InvalidRequest, message);
}
