using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using EdgeAgent.Docker;

namespace EdgeAgent.Requests;

/// <summary>A managed app's container logs from the Docker engine, as lines (stdout and stderr, with Docker's timestamps).</summary>
internal sealed class DockerAppLogs(IDockerClient docker)
{
    /// <summary>The managed apps' container ids by app name (only containers the agent created).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ManagedAppsAsync(CancellationToken cancellationToken)
    {
        var containers = await docker.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [DockerLabels.ManagedFilter] = true } } },
            cancellationToken).ConfigureAwait(false);
        var apps = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var container in containers)
        {
            if (container.Labels?.TryGetValue(DockerLabels.App, out var app) == true && container.Names.Any(n => n.TrimStart('/') == app))
            {
                apps[app] = container.ID;
            }
        }

        return apps;
    }

    /// <summary>Streams the container's log lines to <paramref name="onLine"/> until the log ends (or, following, until cancelled).</summary>
    public async Task ReadAsync(string containerId, DateTimeOffset? since, int tail, bool follow, Func<string, Task> onLine, CancellationToken cancellationToken)
    {
        var parameters = new ContainerLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            Timestamps = true,
            Follow = follow,
            Tail = tail.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Since = since?.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        using var stream = await docker.Containers.GetContainerLogsAsync(containerId, parameters, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[16 * 1024];
        var pending = new StringBuilder();
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            if (read.EOF)
            {
                break;
            }

            pending.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
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
