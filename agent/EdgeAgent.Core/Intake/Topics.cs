using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Intake;

/// <summary>The MQTT topics of the README ("The fleet over MQTT"), in one place for the agent and edgectl.</summary>
public static class Topics
{
    public const string TrustRoot = "edge/v1/trust/root";
    public const string AllStatus = "edge/v1/devices/+/status";
    public const string AllOnline = "edge/v1/devices/+/online";
    public const string Online = "online";
    public const string Offline = "offline";

    private const string Devices = "edge/v1/devices/";
    private const string Groups = "edge/v1/groups/";

    public static string DeviceDesired(string deviceId) => $"{Devices}{deviceId}/desired";

    public static string GroupDesired(string group) => $"{Groups}{group}/desired";

    public static string Status(string deviceId) => $"{Devices}{deviceId}/status";

    public static string Events(string deviceId) => $"{Devices}{deviceId}/events";

    public static string OnlineState(string deviceId) => $"{Devices}{deviceId}/online";

    /// <summary>The device id in edge/v1/devices/{id}/{leaf}, or null for any other topic.</summary>
    public static string? DeviceOf(string topic, string leaf)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var suffix = "/" + leaf;
        if (!topic.StartsWith(Devices, StringComparison.Ordinal) || !topic.EndsWith(suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var id = topic[Devices.Length..^suffix.Length];
        return IsValidName(id) ? id : null;
    }

    /// <summary>A device id or group name (<see cref="DeviceName"/>): also a safe topic level.</summary>
    public static bool IsValidName(string name) => DeviceName.IsValid(name);
}
