using System.Text.Json;

namespace EdgeAgent.Core.Intake;

/// <summary>
/// What an operator puts on a device's rollout topic to send the device back to its group's topic
/// (README "Rolling out"): a retained `{"follow":"group"}`, so that a device that was offline when
/// it was written still finds it. An empty message (a cleared retained topic) means the same when a
/// connected device receives it. Unsigned on purpose: it can only return a device to the manifest
/// signed for its group, never bring in anything that was not signed.
/// </summary>
public static class RolloutRelease
{
    public static ReadOnlySpan<byte> Marker => """{"follow":"group"}"""u8;

    /// <summary>Larger payloads are manifests (or garbage), never a release.</summary>
    private const int MaxMarkerBytes = 256;

    public static bool IsRelease(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return true;
        }

        if (payload.Length > MaxMarkerBytes)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(payload);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("follow", out var follow)
                && follow.ValueKind == JsonValueKind.String
                && follow.ValueEquals("group");
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
