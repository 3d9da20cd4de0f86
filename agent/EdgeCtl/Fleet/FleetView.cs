using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Core.Wire;

namespace EdgeCtl.Fleet;

/// <summary>
/// The fleet assembled from retained status and online messages, rendered as a table. A status over
/// <paramref name="maxStatusBytes"/> is not read (its device shows as unreadable): a view kept for
/// long, the dashboard's, bounds what each device may make it hold.
/// </summary>
internal sealed class FleetView(IReadOnlyCollection<string> onlyDevices, int maxStatusBytes = int.MaxValue)
{
    /// <summary>"online" or "offline"; anything longer is cut to this.</summary>
    private const int MaxOnlineChars = 32;

    private static readonly string[] Header = ["DEVICE", "ONLINE", "AGENT", "CONVERGED", "APPLIED", "FAILING", "TUNNELS", "UPDATED"];
    private readonly SortedDictionary<string, FleetDevice> devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> lastPayloads = new(StringComparer.Ordinal);

    public IReadOnlyList<FleetDevice> Devices =>
        [.. devices.Values, .. onlyDevices.Where(d => !devices.ContainsKey(d)).Select(d => new FleetDevice { DeviceId = d })];

    /// <summary>
    /// Takes one message; returns whether it changed a device of interest: false for other topics,
    /// and for a message repeated unchanged (devices republish their retained state at each refresh).
    /// </summary>
    public bool Apply(string topic, byte[] payload)
    {
        if (Topics.DeviceOf(topic, "status") is { } statusOf && Wanted(statusOf))
        {
            if (Repeated(topic, payload))
            {
                return false;
            }

            var device = Get(statusOf);
            if (payload.Length == 0)
            {
                devices[statusOf] = device with { Status = null, StatusError = null };
                return true;
            }

            if (payload.Length > maxStatusBytes)
            {
                devices[statusOf] = device with { Status = null, StatusError = $"unreadable status: {payload.Length} bytes, more than the {maxStatusBytes} kept per device" };
                return true;
            }

            try
            {
                var status = JsonSerializer.Deserialize(payload, FleetJsonContext.Default.DeviceStatus);
                devices[statusOf] = (status is null ? "$" : ReportShape.NullIn(status)) is { } path
                    ? device with { Status = null, StatusError = $"unreadable status: {path}: null where a value is required" }
                    : device with { Status = status, StatusError = null };
            }
            catch (JsonException ex)
            {
                devices[statusOf] = device with { Status = null, StatusError = $"unreadable status: {JsonErrors.WithPath(ex)}" };
            }

            return true;
        }

        if (Topics.DeviceOf(topic, "online") is { } onlineOf && Wanted(onlineOf))
        {
            if (Repeated(topic, payload))
            {
                return false;
            }

            devices[onlineOf] = Get(onlineOf) with { Online = payload.Length == 0 ? null : Encoding.UTF8.GetString(payload.AsSpan(0, Math.Min(payload.Length, MaxOnlineChars))) };
            return true;
        }

        return false;
    }

    public bool AllHealthy => Devices.Count > 0 && Devices.All(d => d.Healthy);

    public string RenderTable()
    {
        var rows = new List<IReadOnlyList<string>> { Header };
        foreach (var device in Devices)
        {
            var status = device.Status;
            rows.Add(
            [
                device.DeviceId,
                device.Online ?? "?",
                status is null ? "-" : Agent(status),
                status is null ? (device.StatusError is null ? "?" : "unreadable") : status.Converged ? "yes" : "no",
                status is null ? "-" : Applied(status),
                device.FailingApps.Count == 0 ? (status?.LastError is { } error ? TerminalText.Shorten(TerminalText.Escape(error), 60) : "-") : string.Join(",", device.FailingApps),
                device.Tunnels,
                status?.UpdatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-",
            ]);
        }

        if (rows.Count == 1)
        {
            return "no device has reported yet";
        }

        return TerminalText.Table(rows); // device text escaped: a status cannot move the cursor or overwrite another row
    }

    /// <summary>The running version, and the last update when it did not succeed (a rollback, a refusal).</summary>
    private static string Agent(DeviceStatus status) => status.AgentUpdate switch
    {
        { Result: AgentUpdateResult.RolledBack } u => $"{status.AgentVersion} ({u.Version} rolled back)",
        { Result: AgentUpdateResult.Failed } u => $"{status.AgentVersion} ({u.Version} failed)",
        { Result: AgentUpdateResult.Refused } u => $"{status.AgentVersion} ({u.Version} refused)",
        { Result: AgentUpdateResult.Installing } u => $"{status.AgentVersion} (-> {u.Version})",
        { } u when !OpenEnums.IsKnown(u.Result) => $"{status.AgentVersion} ({u.Version} {OpenEnums.Code(u.Result)})", // a newer agent's outcome, as itself
        _ => status.AgentVersion,
    };

    private static string Applied(DeviceStatus status)
    {
        if (status.Streams.Count == 0)
        {
            return "nothing";
        }

        return string.Join(", ", status.Streams.OrderBy(s => StreamName(s.Key), StringComparer.Ordinal).Select(s =>
        {
            var text = $"{StreamName(s.Key)} {(s.Value.AppliedVersion is { } v ? "v" + v.ToString(CultureInfo.InvariantCulture) : "none")}";
            return s.Value.RejectionPending
                ? $"{text} (v{s.Value.Rejected!.Version?.ToString(CultureInfo.InvariantCulture) ?? "?"} rejected: {s.Value.Rejected.Reason.Code()})"
                : text;
        }));
    }

    /// <summary>"device" for the device's own topic, the group's name for a group or rollout topic, the stream name otherwise.</summary>
    internal static string StreamName(string stream)
    {
        if (Topics.RolloutGroupOf(stream) is { } rolloutGroup)
        {
            return "rollout " + rolloutGroup;
        }

        if (stream.StartsWith("edge/v1/devices/", StringComparison.Ordinal))
        {
            return "device";
        }

        const string groups = "edge/v1/groups/";
        return stream.StartsWith(groups, StringComparison.Ordinal) && stream.EndsWith("/desired", StringComparison.Ordinal)
            ? "group " + stream[groups.Length..^"/desired".Length]
            : stream;
    }

    /// <summary>Whether <paramref name="payload"/> is what <paramref name="topic"/> last said; remembers it (its hash: a payload too large to keep is still recognised) otherwise.</summary>
    private bool Repeated(string topic, byte[] payload)
    {
        var hash = SHA256.HashData(payload);
        if (lastPayloads.TryGetValue(topic, out var last) && last.AsSpan().SequenceEqual(hash))
        {
            return true;
        }

        lastPayloads[topic] = hash;
        return false;
    }

    private bool Wanted(string device) => onlyDevices.Count == 0 || onlyDevices.Contains(device);

    private FleetDevice Get(string device) => devices.TryGetValue(device, out var known) ? known : new FleetDevice { DeviceId = device };
}
