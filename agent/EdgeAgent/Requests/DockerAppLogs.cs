using EdgeAgent.Core.Requests;
using EdgeAgent.Docker;
using EdgeAgent.Docker.Engine;

namespace EdgeAgent.Requests;

/// <summary>A managed app's container logs from the Docker engine, as lines (stdout and stderr, with Docker's timestamps).</summary>
internal sealed class DockerAppLogs(DockerEngine docker)
{
    /// <summary>The managed apps' container ids by app name (only containers the agent created).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ManagedAppsAsync(CancellationToken cancellationToken)
    {
        var containers = await docker.ListContainersAsync(DockerLabels.ManagedFilter, cancellationToken).ConfigureAwait(false);
        var apps = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var container in containers)
        {
            if (DockerContainerMapping.Label(container.Labels, DockerLabels.App) is { } app && container.Names.Any(n => n.TrimStart('/') == app))
            {
                apps[app] = container.Id;
            }
        }

        return apps;
    }

    /// <summary>
    /// Streams the container's log lines to <paramref name="onLine"/> until the log ends (or, following,
    /// until cancelled), each cut to <see cref="LogLineSplitter.MaxLineBytes"/> as it is read: memory
    /// stays flat whatever the app wrote. Returns how many lines were cut.
    /// </summary>
    public async Task<long> ReadAsync(string containerId, DateTimeOffset? since, int tail, bool follow, Func<string, Task> onLine, CancellationToken cancellationToken)
    {
        await using var log = await docker.ContainerLogsAsync(containerId, since, tail, follow, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[16 * 1024];
        var splitter = new LogLineSplitter(timestamped: true);
        var lines = new List<string>();
        while (true)
        {
            var read = await log.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            if (log.FrameStarted)
            {
                splitter.StartFrame();
            }

            splitter.Write(buffer.AsSpan(0, read), lines);
            foreach (var line in lines)
            {
                await onLine(line).ConfigureAwait(false);
            }

            lines.Clear();
        }

        if (splitter.Finish() is { } last)
        {
            await onLine(last).ConfigureAwait(false);
        }

        return splitter.CutLines;
    }
}
