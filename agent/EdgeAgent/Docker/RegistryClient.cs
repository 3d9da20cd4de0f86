using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EdgeAgent.Docker.Engine;

namespace EdgeAgent.Docker;

/// <summary>
/// Reads an image's manifest and config from its registry (Distribution API v2), to learn the
/// layers' download sizes and content ids before pulling. Written by hand: no served package reads a
/// registry without a container engine, and only these two reads are needed. Anonymous first; a
/// `Basic` challenge is answered with the agent.json login, a `Bearer` one with a token fetched with it.
/// </summary>
internal sealed class RegistryClient(HttpClient http)
{
    private const string ManifestTypes = "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";
    private const int MaxDocumentBytes = 4 << 20;

    /// <summary>The layers to download (size, and uncompressed id when the config says), or null when the registry does not say.</summary>
    public async Task<IReadOnlyList<(long Size, string? DiffId)>?> LayersAsync(string repository, string reference, RegistryLogin? login, string architecture, CancellationToken cancellationToken)
    {
        var (host, path) = Split(repository);
        var baseUri = new Uri($"{(IsLoopback(host) ? "http" : "https")}://{host}/v2/{path}/");
        string? authorization = null;
        using var manifest = await GetJsonAsync(new Uri(baseUri, "manifests/" + reference), login, a => authorization = a, null, cancellationToken).ConfigureAwait(false);
        var root = manifest.RootElement;
        JsonDocument? chosen = null;
        try
        {
            if (root.TryGetProperty("manifests", out var entries))
            {
                // An index: the entry for this engine's platform.
                var digest = entries.EnumerateArray()
                    .Where(e => e.TryGetProperty("platform", out var p) && p.GetProperty("os").GetString() == "linux" && p.GetProperty("architecture").GetString() == architecture)
                    .Select(e => e.GetProperty("digest").GetString())
                    .FirstOrDefault();
                if (digest is null)
                {
                    return null;
                }

                chosen = await GetJsonAsync(new Uri(baseUri, "manifests/" + digest), login, a => authorization = a, authorization, cancellationToken).ConfigureAwait(false);
                root = chosen.RootElement;
            }

            if (!root.TryGetProperty("layers", out var layers))
            {
                return null;
            }

            var sizes = layers.EnumerateArray().Select(l => l.GetProperty("size").GetInt64()).ToList();
            var diffIds = new List<string?>();
            if (root.TryGetProperty("config", out var config) && config.GetProperty("digest").GetString() is { } configDigest)
            {
                using var image = await GetJsonAsync(new Uri(baseUri, "blobs/" + configDigest), login, a => authorization = a, authorization, cancellationToken).ConfigureAwait(false);
                if (image.RootElement.TryGetProperty("rootfs", out var rootfs) && rootfs.TryGetProperty("diff_ids", out var ids))
                {
                    diffIds.AddRange(ids.EnumerateArray().Select(i => i.GetString()));
                }
            }

            return [.. sizes.Select((size, i) => (size, i < diffIds.Count && diffIds.Count == sizes.Count ? diffIds[i] : null))];
        }
        finally
        {
            chosen?.Dispose();
        }
    }

    private async Task<JsonDocument> GetJsonAsync(Uri uri, RegistryLogin? login, Action<string> remember, string? authorization, CancellationToken cancellationToken)
    {
        using var first = await SendAsync(uri, authorization, cancellationToken).ConfigureAwait(false);
        if (first.StatusCode != HttpStatusCode.Unauthorized)
        {
            return await ReadAsync(first, uri, cancellationToken).ConfigureAwait(false);
        }

        var challenge = first.Headers.WwwAuthenticate.FirstOrDefault();
        authorization = challenge?.Scheme.ToUpperInvariant() switch
        {
            "BASIC" when login is not null => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login.Username}:{login.Password}")),
            "BEARER" => "Bearer " + await TokenAsync(challenge.Parameter ?? "", login, cancellationToken).ConfigureAwait(false),
            _ => throw new HttpRequestException($"{uri.Host} asks for a login ({challenge?.Scheme ?? "no challenge"})"),
        };
        remember(authorization);
        using var second = await SendAsync(uri, authorization, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(second, uri, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> TokenAsync(string parameters, RegistryLogin? login, CancellationToken cancellationToken)
    {
        var values = parameters.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim().Trim('"'), StringComparer.OrdinalIgnoreCase);
        var realm = values.GetValueOrDefault("realm") ?? throw new HttpRequestException("a Bearer challenge without a realm");
        var query = string.Join('&', values.Where(v => v.Key is "service" or "scope").Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value)}"));
        var uri = new Uri(realm + (query.Length == 0 ? "" : "?" + query));
        using var response = await SendAsync(uri, login is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login.Username}:{login.Password}")), cancellationToken).ConfigureAwait(false);
        using var token = await ReadAsync(response, uri, cancellationToken).ConfigureAwait(false);
        return (token.RootElement.TryGetProperty("token", out var t) ? t : token.RootElement.GetProperty("access_token")).GetString()
            ?? throw new HttpRequestException("the token service answered no token");
    }

    private async Task<HttpResponseMessage> SendAsync(Uri uri, string? authorization, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd(ManifestTypes);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (authorization is not null)
        {
            var space = authorization.IndexOf(' ', StringComparison.Ordinal);
            request.Headers.Authorization = new AuthenticationHeaderValue(authorization[..space], authorization[(space + 1)..]);
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, Uri uri, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{uri.Host} answered {(int)response.StatusCode} for {uri.AbsolutePath}");
        }

        if (response.Content.Headers.ContentLength > MaxDocumentBytes)
        {
            throw new HttpRequestException($"{uri.AbsolutePath}: larger than {MaxDocumentBytes} bytes");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>"registry:5000/team/app" -> (registry:5000, team/app); Docker Hub names -> (registry-1.docker.io, library/...).</summary>
    private static (string Host, string Path) Split(string repository)
    {
        var registry = RegistryAuth.RegistryOf(repository);
        if (registry == "docker.io")
        {
            var path = repository.StartsWith("docker.io/", StringComparison.Ordinal) ? repository["docker.io/".Length..] : repository;
            return ("registry-1.docker.io", path.Contains('/', StringComparison.Ordinal) ? path : "library/" + path);
        }

        return (registry, repository[(registry.Length + 1)..]);
    }

    /// <summary>Docker talks plain HTTP to registries on loopback (its default insecure range).</summary>
    private static bool IsLoopback(string host)
    {
        var name = host.StartsWith('[') ? host[1..host.IndexOf(']', StringComparison.Ordinal)] : host.Split(':')[0];
        return name == "localhost" || (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address));
    }
}
