using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeAgent.Ovs;

/// <summary>
/// The OVSDB management protocol (RFC 7047): JSON-RPC 1.0 over a unix socket, messages being
/// concatenated JSON objects without framing. Requests are correlated by id; the server's "echo"
/// keepalives are answered; "update" notifications of a monitor go to <see cref="Updated"/>.
/// Written by hand: no served .NET package speaks OVSDB.
/// </summary>
internal sealed class OvsdbConnection : IAsyncDisposable
{
    private readonly Socket socket;
    private readonly NetworkStream stream;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> pending = new();
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly CancellationTokenSource closing = new();
    private readonly Task readLoop;
    private long nextId;

    private OvsdbConnection(Socket socket)
    {
        this.socket = socket;
        stream = new NetworkStream(socket, ownsSocket: true);
        readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Raised (on the read loop) for every monitor update; the argument is the monitor id.</summary>
    public event Action<string>? Updated;

    public bool IsOpen => !readLoop.IsCompleted;

    /// <summary>Connects to "unix:/path" (ovs-vsctl's syntax) or a plain path.</summary>
    public static async Task<OvsdbConnection> ConnectAsync(string endpoint, CancellationToken cancellationToken)
    {
        var path = endpoint.StartsWith("unix:", StringComparison.Ordinal) ? endpoint["unix:".Length..] : endpoint;
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new OvsdbConnection(socket);
    }

    /// <summary>Sends a request and returns its "result"; throws <see cref="OvsdbException"/> on an "error".</summary>
    public async Task<JsonElement> CallAsync(string method, JsonArray parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref nextId);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = completion;
        try
        {
            await SendAsync(new JsonObject { ["method"] = method, ["params"] = parameters, ["id"] = id }, cancellationToken).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            return await completion.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            pending.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync().ConfigureAwait(false);
        socket.Shutdown(SocketShutdown.Both);
        await stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await readLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            // closing
        }

        writeLock.Dispose();
        closing.Dispose();
    }

    private async Task SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(message.ToJsonString());
        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (!closing.IsCancellationRequested)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2); // a large monitor reply
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), closing.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                var consumed = 0;
                while (TryTakeMessage(buffer.AsSpan(consumed, filled - consumed), out var message, out var length))
                {
                    consumed += length;
                    using (message)
                    {
                        await DispatchAsync(message!.RootElement).ConfigureAwait(false);
                    }
                }

                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
            }
        }
        finally
        {
            foreach (var waiting in pending.Values)
            {
                waiting.TrySetException(new OvsdbException("the OVSDB connection closed"));
            }
        }
    }

    private static bool TryTakeMessage(ReadOnlySpan<byte> data, out JsonDocument? message, out int length)
    {
        var reader = new Utf8JsonReader(data, isFinalBlock: false, default);
        if (JsonDocument.TryParseValue(ref reader, out message))
        {
            length = (int)reader.BytesConsumed;
            return true;
        }

        length = 0;
        return false;
    }

    private async Task DispatchAsync(JsonElement message)
    {
        if (message.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.String)
        {
            switch (method.GetString())
            {
                case "echo":
                    await SendAsync(new JsonObject { ["result"] = JsonNode.Parse(message.GetProperty("params").GetRawText()), ["error"] = null, ["id"] = JsonNode.Parse(message.GetProperty("id").GetRawText()) }, closing.Token).ConfigureAwait(false);
                    break;
                case "update" when message.GetProperty("params") is { ValueKind: JsonValueKind.Array } updateParams && updateParams.GetArrayLength() > 0:
                    Updated?.Invoke(updateParams[0].ToString());
                    break;
            }

            return;
        }

        if (message.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.Number && pending.TryGetValue(idElement.GetInt64(), out var completion))
        {
            if (message.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
            {
                completion.TrySetException(new OvsdbException($"OVSDB error: {error}"));
            }
            else
            {
                completion.TrySetResult(message.GetProperty("result").Clone());
            }
        }
    }
}
