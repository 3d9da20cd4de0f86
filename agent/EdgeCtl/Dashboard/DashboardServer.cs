using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
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

    public static async Task RunAsync(IPEndPoint endpoint, DashboardState state, Action started, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint));
        await using var app = builder.Build();
        var loopbackOnly = IPAddress.IsLoopback(endpoint.Address);
        app.Run(context => HandleAsync(context, state, loopbackOnly, cancellationToken));
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

    private static async Task HandleAsync(HttpContext context, DashboardState state, bool loopbackOnly, CancellationToken stopping)
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
                await response.Body.WriteAsync(state.SnapshotJson(), stopping).ConfigureAwait(false);
                break;
            case "/api/stream":
                await StreamAsync(context, state, stopping).ConfigureAwait(false);
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
        var response = context.Response;
        response.ContentType = "text/event-stream";
        try
        {
            while (!token.IsCancellationRequested)
            {
                var changed = state.Changed;
                await response.WriteAsync("data: ", token).ConfigureAwait(false);
                await response.Body.WriteAsync(state.SnapshotJson(), token).ConfigureAwait(false);
                await response.WriteAsync("\n\n", token).ConfigureAwait(false);
                await response.Body.FlushAsync(token).ConfigureAwait(false);
                while (await Task.WhenAny(changed, Task.Delay(KeepAlive, token)).ConfigureAwait(false) != changed)
                {
                    await response.WriteAsync(": keep-alive\n\n", token).ConfigureAwait(false);
                    await response.Body.FlushAsync(token).ConfigureAwait(false);
                }

                await Task.Delay(Coalesce, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The browser went away, or edgectl stops.
        }
    }

    private static bool IsLoopbackHost(string host) =>
        host is "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
