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

    /// <summary>Every rollout's retained state (not its control topics).</summary>
    public const string AllRollouts = "edge/v1/rollouts/+";

    private const string Devices = "edge/v1/devices/";
    private const string Groups = "edge/v1/groups/";
    private const string Rollouts = "edge/v1/rollouts/";
    private const string RolloutLeaf = "/rollout/";

    public static string DeviceDesired(string deviceId) => $"{Devices}{deviceId}/desired";

    public static string GroupDesired(string group) => $"{Groups}{group}/desired";

    /// <summary>
    /// A rollout's manifest for one device of one group (README "Rolling out"): while it holds a newer
    /// manifest than the group topic, the device follows it instead of the group topic.
    /// </summary>
    public static string DeviceRollout(string deviceId, string group) => $"{Devices}{deviceId}{RolloutLeaf}{group}";

    /// <summary>The group of a device rollout topic (edge/v1/devices/{id}/rollout/{group}), or null for any other topic.</summary>
    public static string? RolloutGroupOf(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (!topic.StartsWith(Devices, StringComparison.Ordinal))
        {
            return null;
        }

        var leaf = topic.IndexOf(RolloutLeaf, Devices.Length, StringComparison.Ordinal);
        var group = leaf < 0 ? "" : topic[(leaf + RolloutLeaf.Length)..];
        return leaf > Devices.Length && IsValidName(topic[Devices.Length..leaf]) && IsValidName(group) ? group : null;
    }

    /// <summary>A rollout's state, retained, written by the edgectl process driving it.</summary>
    public static string Rollout(string rolloutId) => Rollouts + rolloutId;

    /// <summary>Pause, resume and abort requests for a rollout, retained, read by the process driving it.</summary>
    public static string RolloutControl(string rolloutId) => $"{Rollouts}{rolloutId}/control";

    /// <summary>The rollout id of edge/v1/rollouts/{id}, or null for any other topic.</summary>
    public static string? RolloutOf(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var id = topic.StartsWith(Rollouts, StringComparison.Ordinal) ? topic[Rollouts.Length..] : "";

        // A rollout id is a name, not a device id: the names reserved for brokers' roles (edge-monitor-…) are fine here.
        return DeviceName.IsValid(id) ? id : null;
    }

    /// <summary>Signed operator requests to the device (not retained).</summary>
    public static string Requests(string deviceId) => $"{Devices}{deviceId}/requests";

    /// <summary>The device's answer to one request, in chunks (not retained).</summary>
    public static string Response(string deviceId, string requestId) => $"{Devices}{deviceId}/responses/{requestId}";

    public static string Status(string deviceId) => $"{Devices}{deviceId}/status";

    public static string Events(string deviceId) => $"{Devices}{deviceId}/events";

    public static string OnlineState(string deviceId) => $"{Devices}{deviceId}/online";

    /// <summary>
    /// The device id in edge/v1/devices/{id}/{leaf}, or null for any other topic, including one whose
    /// id is an operator's or monitor's name (no device may have it).
    /// </summary>
    public static string? DeviceOf(string topic, string leaf)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var suffix = "/" + leaf;
        if (!topic.StartsWith(Devices, StringComparison.Ordinal) || !topic.EndsWith(suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var id = topic[Devices.Length..^suffix.Length];
        return DeviceName.IsValidDeviceId(id) ? id : null;
    }

    /// <summary>A device id or group name (<see cref="DeviceName"/>): also a safe topic level.</summary>
    public static bool IsValidName(string name) => DeviceName.IsValid(name);
}
