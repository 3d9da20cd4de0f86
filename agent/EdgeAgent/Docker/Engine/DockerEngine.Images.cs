using System.Net.Http.Headers;
using System.Text.Json;

namespace EdgeAgent.Docker.Engine;

/// <summary>Image calls.</summary>
internal sealed partial class DockerEngine
{
    public Task<IReadOnlyList<ImageSummary>> ListImagesAsync(CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Get, "images/json", null, EngineJsonContext.Default.IReadOnlyListImageSummary, cancellationToken);

    public Task<ImageDetails> InspectImageAsync(string idOrName, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Get, $"images/{idOrName}/json", null, EngineJsonContext.Default.ImageDetails, cancellationToken);

    /// <summary>Removes an image (not forced: one a container uses answers 409).</summary>
    public Task RemoveImageAsync(string idOrName, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Delete, $"images/{idOrName}", null, cancellationToken);

    /// <summary>
    /// Pulls <paramref name="repository"/> at <paramref name="tagOrDigest"/>, reporting each progress
    /// line, a failure included: the engine answers 200 and says in the stream that the pull failed.
    /// </summary>
    public async Task PullImageAsync(string repository, string tagOrDigest, RegistryLogin? login, Action<ProgressMessage> progress, CancellationToken cancellationToken)
    {
        var auth = login is null ? null : Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(login, EngineJsonContext.Default.RegistryLogin)).Replace('+', '-').Replace('/', '_');
        using var response = await OpenAsync(HttpMethod.Post, Query("images/create", ("fromImage", repository), ("tag", tagOrDigest)), null, cancellationToken, auth).ConfigureAwait(false);
        await foreach (var message in JsonLines.ReadAsync(response, EngineJsonContext.Default.ProgressMessage, cancellationToken).ConfigureAwait(false))
        {
            progress(message);
        }
    }

    /// <summary>Loads the images of a `docker save` archive.</summary>
    public async Task LoadImagesAsync(Stream archive, CancellationToken cancellationToken)
    {
        using var content = new StreamContent(archive);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var response = await OpenAsync(HttpMethod.Post, "images/load?quiet=1", content, cancellationToken).ConfigureAwait(false);
        await foreach (var message in JsonLines.ReadAsync(response, EngineJsonContext.Default.ProgressMessage, cancellationToken).ConfigureAwait(false))
        {
            if (message.Error is { } error)
            {
                throw new DockerEngineException(System.Net.HttpStatusCode.InternalServerError, error);
            }
        }
    }
}
