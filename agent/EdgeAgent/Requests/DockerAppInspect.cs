using System.Net.Http.Headers;
using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Models;
using EdgeAgent.Core.Requests;
using EdgeAgent.Docker;

namespace EdgeAgent.Requests;

/// <summary>
/// `docker inspect` of a managed container for a support bundle, redacted by <see cref="InspectRedaction"/>.
/// Written by hand on purpose: Docker.DotNet's JSON metadata and converters for its models are
/// internal, so its inspect model cannot be written back as JSON under NativeAOT; the engine's own
/// document (GET /containers/ID/json, unversioned: whatever the engine speaks) is read instead,
/// which is also exactly what `docker inspect` shows.
/// </summary>
internal sealed class DockerAppInspect(IDockerClient docker, string endpoint)
{
    /// <summary>An inspect document is a few KiB; a larger answer is not one.</summary>
    private const int MaxDocumentBytes = 1024 * 1024;

    private static readonly string[] RedactedLabels = [DockerLabels.SpecHash];

    /// <summary>One client for the agent's lifetime, like the Docker client beside it.</summary>
    private readonly HttpClient engine = CreateClient(new Uri(endpoint));

    /// <summary>The container's inspect document, indented and redacted.</summary>
    public async Task<string> InspectAsync(string containerId, CancellationToken cancellationToken)
    {
        using var response = await engine.GetAsync(new Uri($"containers/{Uri.EscapeDataString(containerId)}/json", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the engine answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300))}");
        }

        return InspectRedaction.Redact(body, RedactedLabels);
    }

    /// <summary>The engine's version and API version, for device.json.</summary>
    public Task<VersionResponse> EngineVersionAsync(CancellationToken cancellationToken) => docker.System.GetVersionAsync(cancellationToken);

    private static HttpClient CreateClient(Uri endpoint)
    {
        var handler = new SocketsHttpHandler();
        var baseAddress = endpoint;
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
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
            baseAddress = new Uri("http://docker/");
        }
        else if (endpoint.Scheme == "tcp")
        {
            baseAddress = new UriBuilder(endpoint) { Scheme = "http", Path = "/" }.Uri;
        }

        var client = new HttpClient(handler) { BaseAddress = baseAddress, MaxResponseContentBufferSize = MaxDocumentBytes };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }
}
