using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Planning;
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
        var result = await TransactAsync(OvsdbRows.Queries(), cancellationToken).ConfigureAwait(false);

        var observed = OvsdbRows.Decode(result);
        rootUuid = observed.RootUuid;
        return observed;
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
        var operations = OvsdbOperations.Encode(changes, root);
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
                await fresh.CallAsync("monitor", new JsonArray(OvsdbValues.Atom(Database), OvsdbValues.Atom("edge-agent"), OvsdbRows.MonitorRequests()), cancellationToken).ConfigureAwait(false);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to OVSDB at {Endpoint}")]
    private partial void LogConnected(string endpoint);
}
