using System.Net.Sockets;

namespace EdgeAgent.Docker.Engine;

/// <summary>An HttpClient for the Docker engine at unix:///path or tcp://host:port (plain HTTP, as the daemon's -H tcp:// serves).</summary>
internal static class EngineSocket
{
    public static HttpClient CreateClient(Uri endpoint)
    {
        var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) };
        Uri baseAddress;
        if (endpoint.Scheme == "unix")
        {
            var path = endpoint.LocalPath;
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (SocketException ex)
                {
                    socket.Dispose();
                    throw new IOException($"Docker engine socket {path}: {Reason(ex, path)}", ex);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
            baseAddress = new Uri("http://docker/");
        }
        else if (endpoint.Scheme is "tcp" or "http")
        {
            baseAddress = new UriBuilder(endpoint) { Scheme = "http", Path = "/" }.Uri;
        }
        else
        {
            throw new ArgumentException($"docker.endpoint: {endpoint} is neither unix:///path nor tcp://host:port", nameof(endpoint));
        }

        // Streams (events, pulls, followed logs) last as long as they need; calls carry their own limits.
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    // A missing socket file surfaces as "Cannot assign requested address": say what it means.
    private static string Reason(SocketException ex, string path) => ex.SocketErrorCode switch
    {
        SocketError.AddressNotAvailable when !File.Exists(path) => "no such socket (is dockerd running, and is docker.endpoint right?)",
        SocketError.ConnectionRefused => "connection refused (nothing listens on it: is dockerd running?)",
        SocketError.AccessDenied => "permission denied (the agent runs as root, or in the docker group)",
        _ => ex.Message,
    };
}
