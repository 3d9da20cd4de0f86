using System.Text.Json;

namespace EdgeAgent.Core.Intake;

/// <summary>What an envelope's manifest claims, read without verifying it: for reports and progress, never for a decision a device trusts.</summary>
public static class ManifestPeek
{
    /// <summary>The version the envelope's manifest claims (e.g. for the report of a refused one).</summary>
    public static long? Version(DsseEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(envelope.Payload));
            return document.RootElement.TryGetProperty("metadata", out var metadata)
                && metadata.TryGetProperty("version", out var value)
                && value.TryGetInt64(out var version) ? version : null;
        }
        catch (Exception ex) when (ex is TrustException or JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The claimed version of a serialized envelope, or null when it is not one.</summary>
    public static long? Version(ReadOnlySpan<byte> envelope)
    {
        try
        {
            return Version(EnvelopeVerifier.Parse(envelope));
        }
        catch (TrustException)
        {
            return null;
        }
    }
}
