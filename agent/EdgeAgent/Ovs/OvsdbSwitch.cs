using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Ovs;
using EdgeAgent.Core.Ports;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Ovs;

/// <summary>
/// Open vSwitch through its database: one select transaction to observe, one transaction to apply
/// every change of a pass, and a monitor on the bridge, port and interface tables so that a change
/// made by hand (drift) wakes the reconcile loop. Rows the agent inserts carry the owner mark.
/// </summary>
internal sealed partial class OvsdbSwitch(string endpoint, Action<string>? onDrift, ILogger<OvsdbSwitch> logger) : IOvsSwitch, IAsyncDisposable
{
    private const string Database = "Open_vSwitch";

    // The columns the agent manages: observed by the select and watched by the monitor, so a
    // column added to one cannot be forgotten in the other.
    private static readonly string[] BridgeColumns = ["name", "ports", "datapath_type", "stp_enable", "other_config", "external_ids"];
    private static readonly string[] PortColumns = ["name", "interfaces", "tag", "protected", "external_ids"];
    private static readonly string[] InterfaceColumns = ["name", "type", "options", "mtu_request", "external_ids"];
    private readonly SemaphoreSlim connecting = new(1, 1);
    private OvsdbConnection? connection;
    private string? rootUuid;

    /// <summary>OVSDB round trips since start (for the benchmark and the debug log).</summary>
    public int RoundTrips { get; private set; }

    public async Task<bool> IsAvailableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ConnectionAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StepFailedException)
        {
            return false;
        }
    }

    public async Task<ObservedOvs> ObserveAsync(CancellationToken cancellationToken)
    {
        var result = await TransactAsync(
            [
                Select("Open_vSwitch", ["_uuid"]),
                Select("Bridge", ["_uuid", .. BridgeColumns]),
                Select("Port", ["_uuid", .. PortColumns]),
                Select("Interface", ["_uuid", .. InterfaceColumns, "link_state"]), // link state for status, not watched
            ],
            cancellationToken).ConfigureAwait(false);

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
        rootUuid = root;
        return new ObservedOvs { RootUuid = root, Bridges = bridges };
    }

    public async Task ApplyAsync(IReadOnlyList<OvsChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        // Changes are planned from an observation on this connection: its root row is the one to change.
        var root = rootUuid ?? (await ObserveAsync(cancellationToken).ConfigureAwait(false)).RootUuid;
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

        operations.Add(new JsonObject { ["op"] = "comment", ["comment"] = $"edge-agent: {changes.Count} change(s)" });
        await TransactAsync(operations, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        connecting.Dispose();
    }

    private async Task<JsonElement> TransactAsync(IEnumerable<JsonNode> operations, CancellationToken cancellationToken)
    {
        var connected = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        JsonElement result;
        try
        {
            RoundTrips++;
            result = await connected.CallAsync("transact", new JsonArray([OvsdbValues.Atom(Database), .. operations]), cancellationToken).ConfigureAwait(false);
        }
        catch (OvsdbException ex)
        {
            throw new StepFailedException(FailureKind.Retryable, "OVSDB: " + ex.Message, ex);
        }

        // An aborted transaction reports the failing operation's error (and changes nothing).
        foreach (var item in result.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                var details = item.TryGetProperty("details", out var d) ? d.ToString() : "";
                throw new StepFailedException(FailureKind.Terminal, $"OVSDB transaction refused: {error.GetString()} {details}".Trim());
            }
        }

        return result;
    }

    private async Task<OvsdbConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (connection is { IsOpen: true } open)
        {
            return open;
        }

        await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (connection is { IsOpen: true } raced)
            {
                return raced;
            }

            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                connection = null;
            }

            OvsdbConnection fresh;
            try
            {
                fresh = await OvsdbConnection.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                throw new StepFailedException(FailureKind.Retryable, $"OVSDB unreachable at {endpoint}: {ex.Message}", ex);
            }

            if (onDrift is not null)
            {
                fresh.Updated += _ => onDrift("OVSDB changed");
                RoundTrips++;
                await fresh.CallAsync("monitor", new JsonArray(OvsdbValues.Atom(Database), OvsdbValues.Atom("edge-agent"), MonitorRequests()), cancellationToken).ConfigureAwait(false);
            }

            LogConnected(endpoint);
            connection = fresh;
            return fresh;
        }
        finally
        {
            connecting.Release();
        }
    }

    /// <summary>Only the columns the agent manages: counters and link state changing must not wake it.</summary>
    private static JsonObject MonitorRequests() => new()
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

    private static JsonObject Mutate(string table, string uuid, string column, string mutator, JsonNode value) => new()
    {
        ["op"] = "mutate",
        ["table"] = table,
        ["where"] = OvsdbValues.Where(uuid),
        ["mutations"] = new JsonArray(new JsonArray(OvsdbValues.Atom(column), OvsdbValues.Atom(mutator), OvsdbValues.SetOf([value]))),
    };

    private static JsonArray Owned() => OvsdbValues.Map(new Dictionary<string, string> { [OvsOwnership.Key] = OvsOwnership.Value });

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to OVSDB at {Endpoint}")]
    private partial void LogConnected(string endpoint);
}
