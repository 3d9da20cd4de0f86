using EdgeAgent.Docker.Engine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Docker;

/// <summary>
/// Follows Docker's event stream for containers, networks and images: an event of a managed
/// container invalidates its cached inspection and requests a pass, so drift by hand is repaired at
/// once; a network created or removed invalidates the network list and requests a pass; an image
/// pulled, loaded, tagged or removed invalidates the image list. While the stream is down nothing
/// is remembered (<see cref="DockerCaches"/>) and the resync timer is the safety net.
/// </summary>
internal sealed partial class DockerEventWatcher(
    DockerEngine docker,
    DockerCaches caches,
    Action<string> wake,
    TimeProvider time,
    ILogger<DockerEventWatcher> logger) : BackgroundService
{
    private static readonly string[] EventTypes = ["container", "network", "image"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Replaying from just before the cache is reset closes the gap between reset and subscription.
            var since = time.GetUtcNow().ToUnixTimeSeconds() - 1;
            caches.Enabled = true;
            try
            {
                // One stream for the three (filters of different keys are ANDed by Docker, so "managed
                // containers or any network" cannot be asked for): unmanaged containers' events are dropped here.
                await docker.MonitorEventsAsync(since, EventTypes, OnEvent, stoppingToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failures++;
                LogStreamLost(ex.Message);
            }
            finally
            {
                caches.Enabled = false;
            }

            wake("docker event stream reconnecting");
            var delay = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(failures, 5))));
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
        }
    }

    private void OnEvent(EngineEvent message)
    {
        var action = message.Action ?? "";
        switch (message.Type)
        {
            case "network":
                // connect and disconnect come with every container start and stop: the list is unchanged.
                if (action is "create" or "destroy" or "remove")
                {
                    caches.Networks.Invalidate();
                    LogEvent($"network {action}", Attribute(message, "name") ?? message.Actor?.Id ?? "?");
                    wake($"docker network {action}");
                }

                return;
            case "image":
                // A pull, load, tag, untag or delete changes which images are present; a save or push does not.
                if (action is not ("save" or "push"))
                {
                    caches.Images.Invalidate();
                }

                return;
        }

        // Healthchecks run as exec_* every interval; they change nothing the agent manages.
        if (action.StartsWith("exec_", StringComparison.Ordinal) || Attribute(message, DockerLabels.Managed) != "true")
        {
            return;
        }

        var id = message.Actor?.Id;
        if (id is not null)
        {
            caches.Inspections.Invalidate(id);
        }

        var app = Attribute(message, DockerLabels.App) ?? id;
        LogEvent(action, app ?? "?");
        wake($"docker event {action} {app}");
    }

    private static string? Attribute(EngineEvent message, string key) =>
        message.Actor?.Attributes is { } attributes && attributes.TryGetValue(key, out var value) ? value : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Docker event stream lost: {Reason}; passes fall back to full inspection")]
    private partial void LogStreamLost(string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Docker event {Action} for {App}")]
    private partial void LogEvent(string action, string app);
}
