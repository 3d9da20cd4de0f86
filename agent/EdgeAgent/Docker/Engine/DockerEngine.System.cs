using System.Globalization;

namespace EdgeAgent.Docker.Engine;

/// <summary>System calls: info, version, the event stream.</summary>
internal sealed partial class DockerEngine
{
    public Task<EngineInfo> InfoAsync(CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Get, "info", null, EngineJsonContext.Default.EngineInfo, cancellationToken);

    public Task<EngineVersion> VersionAsync(CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Get, "version", null, EngineJsonContext.Default.EngineVersion, cancellationToken);

    /// <summary>Follows the engine's events of the given <paramref name="types"/> from <paramref name="since"/> (Unix seconds) until cancelled or the stream ends.</summary>
    public async Task MonitorEventsAsync(long since, IReadOnlyList<string> types, Action<EngineEvent> onEvent, CancellationToken cancellationToken)
    {
        var path = Query("events", ("since", since.ToString(CultureInfo.InvariantCulture)), ("filters", Filters(("type", [.. types]))));
        using var response = await OpenAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        await foreach (var message in JsonLines.ReadAsync(response, EngineJsonContext.Default.EngineEvent, cancellationToken).ConfigureAwait(false))
        {
            onEvent(message);
        }
    }
}
