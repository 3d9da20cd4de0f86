using EdgeAgent.Core.Requests;
using EdgeAgent.Docker;
using EdgeAgent.Docker.Engine;

namespace EdgeAgent.Requests;

/// <summary>
/// `docker inspect` of a managed container for a support bundle: the engine's own document (all of
/// it, exactly what `docker inspect` shows), redacted by <see cref="InspectRedaction"/>.
/// </summary>
internal sealed class DockerAppInspect(DockerEngine docker)
{
    private static readonly string[] RedactedLabels = [DockerLabels.SpecHash];

    /// <summary>The container's inspect document, indented and redacted.</summary>
    public async Task<string> InspectAsync(string containerId, CancellationToken cancellationToken) =>
        InspectRedaction.Redact(await docker.InspectContainerDocumentAsync(containerId, cancellationToken).ConfigureAwait(false), RedactedLabels);

    /// <summary>The engine's version and API version, for device.json.</summary>
    public Task<EngineVersion> EngineVersionAsync(CancellationToken cancellationToken) => docker.VersionAsync(cancellationToken);
}
