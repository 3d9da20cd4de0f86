using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace EdgeAgent.IntegrationTests.Docker;

/// <summary>
/// A Unix socket in front of the Docker engine that records the request line of every request the
/// agent sends, connection by connection (so overlapping requests are never lost, unlike a logging
/// socat): the independent count behind "one request per no-op pass".
/// </summary>
internal sealed partial class CountingDockerProxy : IDisposable
{
    private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<string> requests = new();
    private readonly string engine;

    public CountingDockerProxy(string socketPath, string engineSocket = "/var/run/docker.sock")
    {
        engine = engineSocket;
        Path = socketPath;
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(64);
        _ = AcceptAsync();
    }

    public string Path { get; }

    /// <summary>"GET /v1.41/containers/json?..." lines, in the order they were sent, since the last <see cref="Take"/>.</summary>
    public IReadOnlyList<string> Take()
    {
        var taken = new List<string>();
        while (requests.TryDequeue(out var line))
        {
            taken.Add(line);
        }

        return taken;
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Dispose();
        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using (client)
        using (var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                await upstream.ConnectAsync(new UnixDomainSocketEndPoint(engine), stop.Token);
                using var agentSide = new NetworkStream(client, ownsSocket: false);
                using var engineSide = new NetworkStream(upstream, ownsSocket: false);
                await Task.WhenAny(CopyCountingAsync(agentSide, engineSide), engineSide.CopyToAsync(agentSide, stop.Token));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // a connection closed by either side
            }
        }
    }

    /// <summary>Copies the agent's bytes to the engine, recording each request line as it passes.</summary>
    private async Task CopyCountingAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        var pending = new StringBuilder();
        while (true)
        {
            var read = await from.ReadAsync(buffer, stop.Token);
            if (read == 0)
            {
                return;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), stop.Token);
            pending.Append(Encoding.Latin1.GetString(buffer, 0, read));
            var text = pending.ToString();
            var end = text.LastIndexOf("\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }

            foreach (Match match in RequestLine().Matches(text[..end]))
            {
                requests.Enqueue(match.Groups[1].Value);
            }

            pending.Clear().Append(text[(end + 2)..]);
        }
    }

    [GeneratedRegex(@"(?:^|\r\n)((?:GET|POST|PUT|DELETE|HEAD) /\S* HTTP/1\.[01])(?=\r\n)")]
    private static partial Regex RequestLine();
}
