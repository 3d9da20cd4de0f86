using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Ovs;

/// <summary>
/// Reading the switch, as pure functions: the select transaction that observes it, the monitor
/// request that watches the same columns, and the decoding of the reply into the observed model.
/// </summary>
internal static class OvsdbRows
{
    // The columns the agent manages: observed by the select and watched by the monitor, so a
    // column added to one cannot be forgotten in the other.
    private static readonly string[] BridgeColumns = ["name", "ports", "datapath_type", "stp_enable", "other_config", "external_ids"];
    private static readonly string[] PortColumns = ["name", "interfaces", "tag", "protected", "external_ids"];
    private static readonly string[] InterfaceColumns = ["name", "type", "options", "mtu_request", "external_ids"];

    /// <summary>The four selects whose reply <see cref="Decode"/> reads.</summary>
    public static IReadOnlyList<JsonNode> Queries() =>
    [
        Select("Open_vSwitch", ["_uuid"]),
        Select("Bridge", ["_uuid", .. BridgeColumns]),
        Select("Port", ["_uuid", .. PortColumns]),
        Select("Interface", ["_uuid", .. InterfaceColumns, "link_state"]), // link state for status, not watched
    ];

    /// <summary>The reply to <see cref="Queries"/> as the core observes the switch.</summary>
    public static ObservedOvs Decode(JsonElement result)
    {
        var root = result[0].GetProperty("rows").EnumerateArray().Select(r => OvsdbValues.Uuid(r.GetProperty("_uuid"))).FirstOrDefault()
            ?? throw new StepFailedException(FailureKind.Retryable, "OVSDB has no Open_vSwitch row: run `ovs-vsctl init` once");
        var interfaces = result[3].GetProperty("rows").EnumerateArray().Select(r => new ObservedInterface
        {
            Uuid = OvsdbValues.Uuid(r.GetProperty("_uuid")),
            Name = r.GetProperty("name").GetString()!,
            Type = r.GetProperty("type").GetString()!,
            Options = OvsdbValues.Map(r.GetProperty("options")),
            MtuRequest = OvsdbValues.OptionalInt(r.GetProperty("mtu_request")),
            ExternalIds = OvsdbValues.Map(r.GetProperty("external_ids")),
            LinkState = OvsdbValues.Set(r.GetProperty("link_state")).Select(e => e.GetString()).FirstOrDefault(),
        }).ToDictionary(i => i.Uuid, StringComparer.Ordinal);
        var ports = result[2].GetProperty("rows").EnumerateArray().Select(r => new ObservedPort
        {
            Uuid = OvsdbValues.Uuid(r.GetProperty("_uuid")),
            Name = r.GetProperty("name").GetString()!,
            Tag = OvsdbValues.OptionalInt(r.GetProperty("tag")),
            Protected = r.GetProperty("protected").GetBoolean(),
            ExternalIds = OvsdbValues.Map(r.GetProperty("external_ids")),
            Interfaces = [.. OvsdbValues.UuidSet(r.GetProperty("interfaces")).Where(interfaces.ContainsKey).Select(u => interfaces[u])],
        }).ToDictionary(p => p.Uuid, StringComparer.Ordinal);
        var bridges = result[1].GetProperty("rows").EnumerateArray().Select(r => new ObservedBridge
        {
            Uuid = OvsdbValues.Uuid(r.GetProperty("_uuid")),
            Name = r.GetProperty("name").GetString()!,
            DatapathType = r.GetProperty("datapath_type").GetString()!,
            Stp = r.GetProperty("stp_enable").GetBoolean(),
            OtherConfig = OvsdbValues.Map(r.GetProperty("other_config")),
            ExternalIds = OvsdbValues.Map(r.GetProperty("external_ids")),
            Ports = [.. OvsdbValues.UuidSet(r.GetProperty("ports")).Where(ports.ContainsKey).Select(u => ports[u])],
        }).ToList();
        return new ObservedOvs { RootUuid = root, Bridges = bridges };
    }

    /// <summary>Only the columns the agent manages: counters and link state changing must not wake it.</summary>
    public static JsonObject MonitorRequests() => new()
    {
        ["Bridge"] = new JsonObject { ["columns"] = Columns(BridgeColumns), ["select"] = InitialOff() },
        ["Port"] = new JsonObject { ["columns"] = Columns(PortColumns), ["select"] = InitialOff() },
        ["Interface"] = new JsonObject { ["columns"] = Columns(InterfaceColumns), ["select"] = InitialOff() },
    };

    private static JsonObject InitialOff() => new() { ["initial"] = false, ["insert"] = true, ["delete"] = true, ["modify"] = true };

    private static JsonObject Select(string table, string[] columns) => new()
    {
        ["op"] = "select",
        ["table"] = table,
        ["where"] = new JsonArray(),
        ["columns"] = Columns(columns),
    };

    private static JsonArray Columns(string[] columns) => new([.. columns.Select(OvsdbValues.Atom)]);
}
