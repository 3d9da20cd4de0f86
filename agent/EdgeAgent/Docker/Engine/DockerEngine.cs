using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EdgeAgent.Docker.Engine;

/// <summary>
/// The Docker Engine API calls the agent makes, as HTTP over the engine's socket with source-generated
/// JSON for only the fields the agent reads and writes (<see cref="EngineJsonContext"/>). Written by
/// hand on purpose: Docker.DotNet's source-generated models context covers the whole API (hundreds
/// of types, all rooted) and cost about a third of the NativeAOT agent's size
/// (tests/benchmarks/size-breakdown.sh, BENCHMARKS.md). Paths are unversioned: the engine answers
/// in its own API version, so one binary works with the Docker of every supported Debian release.
/// </summary>
internal sealed partial class DockerEngine(Uri endpoint) : IDisposable
{
    /// <summary>A call that is not a stream; the engine answers within this or is in trouble.</summary>
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(100);

    private readonly HttpClient http = EngineSocket.CreateClient(endpoint);

    public void Dispose() => http.Dispose();

    /// <summary>Sends a call and reads its JSON answer.</summary>
    private async Task<T> CallAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> answer, CancellationToken cancellationToken) =>
        JsonSerializer.Deserialize(await CallForBodyAsync(method, path, content, cancellationToken).ConfigureAwait(false), answer)
            ?? throw new JsonException($"{method} {path}: the engine answered null");

    /// <summary>Sends a call, within <see cref="CallLimit"/>, and returns the body of its answer.</summary>
    private async Task<byte[]> CallForBodyAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(CallLimit);
        using var response = await OpenAsync(method, path, content, limit.Token).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(limit.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a call whose answer carries nothing the agent needs (304 "already so" included), within
    /// <see cref="CallLimit"/> unless <paramref name="limited"/> is false (a stop waits for the container's own grace period).
    /// </summary>
    private async Task CallAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, bool limited = true)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (limited)
        {
            limit.CancelAfter(CallLimit);
        }

        using var response = await OpenAsync(method, path, content, limit.Token).ConfigureAwait(false);
    }

    /// <summary>Sends a request and returns the response once its headers arrived; an error status throws <see cref="DockerEngineException"/>.</summary>
    private async Task<HttpResponseMessage> OpenAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, string? registryAuth = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        if (registryAuth is not null)
        {
            request.Headers.Add("X-Registry-Auth", registryAuth);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotModified)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new DockerEngineException(response.StatusCode, ErrorMessage(body, response.StatusCode));
        }
    }

    /// <summary>The engine's {"message": "..."}, or the body as it came.</summary>
    private static string ErrorMessage(string body, HttpStatusCode status)
    {
        try
        {
            if (JsonSerializer.Deserialize(body, EngineJsonContext.Default.EngineError) is { Message: { Length: > 0 } message })
            {
                return message;
            }
        }
        catch (JsonException)
        {
            // not JSON: the body itself
        }

        body = body.Trim();
        return body.Length > 0 ? body : $"HTTP {(int)status}";
    }

    private static ByteArrayContent Json<T>(T body, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>path?name=value&amp;... with the values escaped; null values left out.</summary>
    private static string Query(string path, params (string Name, string? Value)[] parameters)
    {
        var query = new StringBuilder(path);
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (value is not null)
            {
                query.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
        }

        return query.ToString();
    }

    private static string Id(string idOrName) => Uri.EscapeDataString(idOrName);
}
