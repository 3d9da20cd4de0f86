using System.Globalization;
using System.Text.Json;

namespace EdgeAgent.Docker.Engine;

/// <summary>Container calls.</summary>
internal sealed partial class DockerEngine
{
    /// <summary>Every container (running or not) carrying <paramref name="label"/> ("key=value").</summary>
    public Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(string label, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Get, Query("containers/json", ("all", "1"), ("filters", Filters(("label", [label])))), null, EngineJsonContext.Default.IReadOnlyListContainerSummary, cancellationToken);

    public Task<ContainerDetails> InspectContainerAsync(string idOrName, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Get, $"containers/{Id(idOrName)}/json", null, EngineJsonContext.Default.ContainerDetails, cancellationToken);

    /// <summary>The engine's whole inspect document, as `docker inspect` shows it.</summary>
    public Task<byte[]> InspectContainerDocumentAsync(string idOrName, CancellationToken cancellationToken) =>
        CallForBodyAsync(HttpMethod.Get, $"containers/{Id(idOrName)}/json", null, cancellationToken);

    public Task<ContainerCreated> CreateContainerAsync(string? name, ContainerCreateRequest container, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, Query("containers/create", ("name", name)), Json(container, EngineJsonContext.Default.ContainerCreateRequest), EngineJsonContext.Default.ContainerCreated, cancellationToken);

    public Task StartContainerAsync(string idOrName, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, $"containers/{Id(idOrName)}/start", null, cancellationToken);

    /// <summary>Stops with the container's own stop timeout (its StopTimeout at create).</summary>
    public Task StopContainerAsync(string idOrName, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, $"containers/{Id(idOrName)}/stop", null, cancellationToken, limited: false);

    public Task RemoveContainerAsync(string idOrName, bool force, bool removeVolumes, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Delete, Query($"containers/{Id(idOrName)}", ("force", force ? "1" : "0"), ("v", removeVolumes ? "1" : "0")), null, cancellationToken);

    public Task RenameContainerAsync(string idOrName, string newName, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, Query($"containers/{Id(idOrName)}/rename", ("name", newName)), null, cancellationToken);

    /// <summary>Changes limits in place; zero fields are left as they are.</summary>
    public Task<ContainerUpdated> UpdateContainerAsync(string idOrName, HostResources limits, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, $"containers/{Id(idOrName)}/update", Json(limits, EngineJsonContext.Default.HostResources), EngineJsonContext.Default.ContainerUpdated, cancellationToken);

    /// <summary>The container's log (stdout and stderr, with Docker's timestamps) as <see cref="LogFrames"/>; following, until cancelled.</summary>
    public async Task<LogFrames> ContainerLogsAsync(string idOrName, DateTimeOffset? since, int tail, bool follow, CancellationToken cancellationToken)
    {
        var path = Query(
            $"containers/{Id(idOrName)}/logs",
            ("stdout", "1"),
            ("stderr", "1"),
            ("timestamps", "1"),
            ("follow", follow ? "1" : "0"),
            ("tail", tail.ToString(CultureInfo.InvariantCulture)),
            ("since", since?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        var response = await OpenAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        return new LogFrames(response, await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>A tar stream of <paramref name="path"/> in the container; the caller disposes the response.</summary>
    public Task<HttpResponseMessage> GetArchiveAsync(string idOrName, string path, CancellationToken cancellationToken) =>
        OpenAsync(HttpMethod.Get, Query($"containers/{Id(idOrName)}/archive", ("path", path)), null, cancellationToken);

    /// <summary>Docker's filters parameter: {"label":["io.edgeagent.managed=true"]}.</summary>
    private static string Filters(params (string Key, string[] Values)[] filters) =>
        JsonSerializer.Serialize(filters.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Values, StringComparer.Ordinal), EngineJsonContext.Default.IReadOnlyDictionaryStringIReadOnlyListString);
}
