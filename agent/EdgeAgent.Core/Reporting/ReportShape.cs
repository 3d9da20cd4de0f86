namespace EdgeAgent.Core.Reporting;

/// <summary>
/// What System.Text.Json lets through into a device's report that no reader can use: a JSON null where
/// the document promises a value (a required text, a map entry, a list element). A device writes its own
/// status and events, so edgectl and the dashboard check each once, where they read it, and treat such a
/// document as unreadable instead of failing later on it (one device's status must not break the view
/// of the fleet). Returns the JSON path of the first null, or null when there is none.
/// </summary>
public static class ReportShape
{
    public static string? NullIn(DeviceStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return Required(status.DeviceId, "$.deviceId")
            ?? Required(status.AgentVersion, "$.agentVersion")
            ?? NullIn(status.Groups, "$.groups")
            ?? NullIn(status.Conflicts, "$.conflicts")
            ?? Entries(status.Streams, "$.streams", (stream, path) => stream.Rejected is { } rejected ? NullIn(rejected.Errors, path + ".rejected.errors") : null)
            ?? Entries(status.Apps, "$.apps", (app, path) => Required(app.Observed, path + ".observed"))
            ?? Entries(status.Ovs, "$.ovs", (bridge, path) => Entries(bridge.Ports, path + ".ports", (port, portPath) => Required(port.Type, portPath + ".type")))
            ?? (status.AgentUpdate is { } update
                ? Required(update.Version, "$.agentUpdate.version") ?? Required(update.From, "$.agentUpdate.from")
                : null);
    }

    public static string? NullIn(AgentEvent agentEvent)
    {
        ArgumentNullException.ThrowIfNull(agentEvent);
        return Required(agentEvent.Message, "$.message");
    }

    private static string? Required(string? value, string path) => value is null ? path : null;

    private static string? NullIn(IReadOnlyList<string>? items, string path)
    {
        for (var i = 0; items is not null && i < items.Count; i++)
        {
            if (items[i] is null)
            {
                return $"{path}[{i}]";
            }
        }

        return null;
    }

    private static string? Entries<T>(IReadOnlyDictionary<string, T>? map, string path, Func<T, string, string?> inside)
        where T : class
    {
        foreach (var (key, value) in (map ?? new Dictionary<string, T>()).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var entryPath = $"{path}.{key}";
            if ((value is null ? entryPath : inside(value, entryPath)) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }
}
