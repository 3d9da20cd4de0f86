using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace EdgeCtl.Dashboard;

/// <summary>
/// The dashboard's web server: Kestrel from the slim builder, read-only (GET only), the page and its
/// script from the binary, the fleet as JSON and as server-sent events. Bound to loopback, it answers
/// only requests addressed to a loopback name, so a web page elsewhere cannot rebind a DNS name to it.
/// </summary>
internal static class DashboardServer
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>Live pages at once; one more is answered 503 (each holds a connection and up to <see cref="Piece"/> plus Kestrel's 64 KiB response buffer).</summary>
    public const int MaxStreams = 100;

    /// <summary>
    /// How long one snapshot may take to reach a browser: one that does not read (a stalled or
    /// hostile client) is disconnected then. Kestrel's minimum data rate alone allows a large
    /// snapshot hours, holding a copy of it per client meanwhile.
    /// </summary>
    private static readonly TimeSpan SendWithin = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The kernel's send buffer of each connection (set on the listening socket, which accepted ones
    /// inherit): what a client that stops reading can pin in kernel memory. Left to autotuning, Linux
    /// grows it to tcp_wmem's maximum (4 MiB by default) for every stalled stream.
    /// </summary>
    public const int SendBufferBytes = 64 * 1024;

    /// <summary>Snapshots go out in pieces: a client that stops reading holds at most Kestrel's buffer, not a copy of the fleet.</summary>
    private const int Piece = 16 * 1024;

    public static async Task RunAsync(IPEndPoint endpoint, DashboardState state, Action started, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint));
        builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = bound =>
        {
            var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(bound);
            socket.SendBufferSize = SendBufferBytes;
            return socket;
        });
        await using var app = builder.Build();
        var loopbackOnly = IPAddress.IsLoopback(endpoint.Address);
        using var streams = new SemaphoreSlim(MaxStreams);
        app.Run(context => HandleAsync(context, state, loopbackOnly, streams, cancellationToken));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        started();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task HandleAsync(HttpContext context, DashboardState state, bool loopbackOnly, SemaphoreSlim streams, CancellationToken stopping)
    {
        var response = context.Response;
        response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
        if (loopbackOnly && !IsLoopbackHost(context.Request.Host.Host))
        {
            response.StatusCode = StatusCodes.Status421MisdirectedRequest;
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return;
        }

        switch (context.Request.Path.Value)
        {
            case "/" or "/index.html":
                await DashboardAssets.WriteAsync(response, "index.html", "text/html; charset=utf-8").ConfigureAwait(false);
                break;
            case "/app.js":
                await DashboardAssets.WriteAsync(response, "app.js", "text/javascript; charset=utf-8").ConfigureAwait(false);
                break;
            case "/app.css":
                await DashboardAssets.WriteAsync(response, "app.css", "text/css; charset=utf-8").ConfigureAwait(false);
                break;
            case "/api/fleet":
                response.ContentType = "application/json";
                await SendAsync(context, [state.SnapshotJson()], stopping).ConfigureAwait(false);
                break;
            case "/api/stream" when !streams.Wait(0, CancellationToken.None):
                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                response.Headers.RetryAfter = "10";
                break;
            case "/api/stream":
                try
                {
                    await StreamAsync(context, state, stopping).ConfigureAwait(false);
                }
                finally
                {
                    streams.Release();
                }

                break;
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    /// <summary>Server-sent events: the whole fleet at once, then again after every change (bursts coalesced), a comment as keep-alive.</summary>
    private static async Task StreamAsync(HttpContext context, DashboardState state, CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, context.RequestAborted);
        var token = linked.Token;
        context.Response.ContentType = "text/event-stream";
        try
        {
            while (!token.IsCancellationRequested)
            {
                var changed = state.Changed;
                if (!await SendAsync(context, ["data: "u8.ToArray(), state.SnapshotJson(), "\n\n"u8.ToArray()], token).ConfigureAwait(false))
                {
                    return;
                }

                while (await Task.WhenAny(changed, Task.Delay(KeepAlive, token)).ConfigureAwait(false) != changed)
                {
                    if (!await SendAsync(context, [": keep-alive\n\n"u8.ToArray()], token).ConfigureAwait(false))
                    {
                        return;
                    }
                }

                await Task.Delay(Coalesce, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The browser went away, or edgectl stops.
        }
    }

    /// <summary>
    /// Writes <paramref name="parts"/> in pieces of at most <see cref="Piece"/> bytes; false, with the
    /// connection closed, when the client has not taken them within <see cref="SendWithin"/>.
    /// </summary>
    private static async Task<bool> SendAsync(HttpContext context, byte[][] parts, CancellationToken token)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(SendWithin);
        try
        {
            foreach (var part in parts)
            {
                for (var offset = 0; offset < part.Length; offset += Piece)
                {
                    await context.Response.Body.WriteAsync(part.AsMemory(offset, Math.Min(Piece, part.Length - offset)), deadline.Token).ConfigureAwait(false);
                }
            }

            await context.Response.Body.FlushAsync(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            context.Abort(); // a client that does not read: its buffered bytes are released with it
            return false;
        }
    }

    private static bool IsLoopbackHost(string host) =>
        host is "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
