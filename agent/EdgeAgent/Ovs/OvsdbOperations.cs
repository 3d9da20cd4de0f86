using System.Text.Json.Nodes;
using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Ovs;

/// <summary>
/// A pass's switch changes as one OVSDB transaction's operations, as a pure function: inserted rows
/// carry the owner mark; bridges are added to and removed from the root row, whose uuid is passed in.
/// </summary>
internal static class OvsdbOperations
{
    public static List<JsonNode> Encode(IReadOnlyList<OvsChange> changes, string root)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var operations = new List<JsonNode>();
        var names = 0;
        string NextName() => "row" + names++.ToString(System.Globalization.CultureInfo.InvariantCulture);

        string InsertPort(DesiredPort port)
        {
            var iface = NextName();
            var row = new JsonObject
            {
                ["name"] = port.Name,
                ["type"] = port.Type,
                ["options"] = OvsdbValues.Map(port.Options),
                ["mtu_request"] = OvsdbValues.OptionalInt(port.MtuRequest),
                ["external_ids"] = Owned(),
            };
            operations.Add(new JsonObject { ["op"] = "insert", ["table"] = "Interface", ["row"] = row, ["uuid-name"] = iface });
            var portName = NextName();
            operations.Add(new JsonObject
            {
                ["op"] = "insert",
                ["table"] = "Port",
                ["uuid-name"] = portName,
                ["row"] = new JsonObject
                {
                    ["name"] = port.Name,
                    ["interfaces"] = OvsdbValues.NamedUuid(iface),
                    ["tag"] = OvsdbValues.OptionalInt(port.Tag),
                    ["protected"] = port.Protected,
                    ["external_ids"] = Owned(),
                },
            });
            return portName;
        }

        foreach (var change in changes)
        {
            switch (change)
            {
                case CreateBridge create:
                {
                    var portRefs = create.Bridge.Ports.Values.OrderBy(p => p.Name, StringComparer.Ordinal).Select(InsertPort).ToList();
                    var bridge = NextName();
                    operations.Add(new JsonObject
                    {
                        ["op"] = "insert",
                        ["table"] = "Bridge",
                        ["uuid-name"] = bridge,
                        ["row"] = new JsonObject
                        {
                            ["name"] = create.Bridge.Name,
                            ["ports"] = OvsdbValues.SetOf(portRefs.Select(p => (JsonNode)OvsdbValues.NamedUuid(p))),
                            ["datapath_type"] = create.Bridge.DatapathType,
                            ["stp_enable"] = create.Bridge.Stp,
                            ["other_config"] = OvsdbValues.Map(create.Bridge.OtherConfig),
                            ["external_ids"] = Owned(),
                        },
                    });
                    operations.Add(Mutate("Open_vSwitch", root, "bridges", "insert", OvsdbValues.NamedUuid(bridge)));
                    break;
                }

                case UpdateBridge update:
                    operations.Add(new JsonObject
                    {
                        ["op"] = "update",
                        ["table"] = "Bridge",
                        ["where"] = OvsdbValues.Where(update.Uuid),
                        ["row"] = new JsonObject
                        {
                            ["datapath_type"] = update.Bridge.DatapathType,
                            ["stp_enable"] = update.Bridge.Stp,
                            ["other_config"] = OvsdbValues.Map(update.Bridge.OtherConfig),
                        },
                    });
                    break;
                case DeleteBridge delete:
                    operations.Add(Mutate("Open_vSwitch", root, "bridges", "delete", OvsdbValues.UuidRef(delete.Uuid)));
                    break;
                case AddPort add:
                    operations.Add(Mutate("Bridge", add.BridgeUuid, "ports", "insert", OvsdbValues.NamedUuid(InsertPort(add.Port))));
                    break;
                case UpdatePort update:
                    operations.Add(new JsonObject
                    {
                        ["op"] = "update",
                        ["table"] = "Interface",
                        ["where"] = OvsdbValues.Where(update.InterfaceUuid),
                        ["row"] = new JsonObject
                        {
                            ["type"] = update.Port.Type,
                            ["options"] = OvsdbValues.Map(update.Port.Options),
                            ["mtu_request"] = OvsdbValues.OptionalInt(update.Port.MtuRequest),
                        },
                    });
                    operations.Add(new JsonObject
                    {
                        ["op"] = "update",
                        ["table"] = "Port",
                        ["where"] = OvsdbValues.Where(update.PortUuid),
                        ["row"] = new JsonObject { ["tag"] = OvsdbValues.OptionalInt(update.Port.Tag), ["protected"] = update.Port.Protected },
                    });
                    break;
                case DeletePort delete:
                    operations.Add(Mutate("Bridge", delete.BridgeUuid, "ports", "delete", OvsdbValues.UuidRef(delete.PortUuid)));
                    break;
                default:
                    throw new StepFailedException(FailureKind.Terminal, $"unknown OVS change {change.GetType().Name}");
            }
        }

        return operations;
    }

    private static JsonObject Mutate(string table, string uuid, string column, string mutator, JsonNode value) => new()
    {
        ["op"] = "mutate",
        ["table"] = table,
        ["where"] = OvsdbValues.Where(uuid),
        ["mutations"] = new JsonArray(new JsonArray(OvsdbValues.Atom(column), OvsdbValues.Atom(mutator), OvsdbValues.SetOf([value]))),
    };

    private static JsonArray Owned() => OvsdbValues.Map(new Dictionary<string, string> { [OvsOwnership.Key] = OvsOwnership.Value });
}
