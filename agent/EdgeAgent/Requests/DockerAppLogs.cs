using System.Text;
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

    /// <summary>Streams the container's log lines to <paramref name="onLine"/> until the log ends (or, following, until cancelled).</summary>
    public async Task ReadAsync(string containerId, DateTimeOffset? since, int tail, bool follow, Func<string, Task> onLine, CancellationToken cancellationToken)
    {
        await using var log = await docker.ContainerLogsAsync(containerId, since, tail, follow, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[16 * 1024];
        var pending = new StringBuilder();
        while (true)
        {
            var read = await log.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            pending.Append(Encoding.UTF8.GetString(buffer, 0, read));
            var text = pending.ToString();
            var end = text.LastIndexOf('\n');
            if (end < 0)
            {
                continue;
            }

            foreach (var line in text[..end].Split('\n'))
            {
                await onLine(line.TrimEnd('\r')).ConfigureAwait(false);
            }

            pending.Clear().Append(text[(end + 1)..]);
        }

        if (pending.Length > 0)
        {
            await onLine(pending.ToString()).ConfigureAwait(false);
        }
    }
}
