using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Docker;

/// <summary>
/// Follows Docker's event stream for managed containers: each relevant event invalidates that
/// container's cached inspection and requests a pass, so drift by hand is repaired at once.
/// While the stream is down the inspection cache is off and the resync timer is the safety net.
/// </summary>
internal sealed partial class DockerEventWatcher(
    IDockerClient docker,
    InspectionCache inspections,
    Action<string> wake,
    TimeProvider time,
    ILogger<DockerEventWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Replaying from just before the cache is reset closes the gap between reset and subscription.
            var since = time.GetUtcNow().ToUnixTimeSeconds() - 1;
            inspections.Clear();
            inspections.Enabled = true;
            try
            {
                await docker.System.MonitorEventsAsync(
                    new ContainerEventsParameters
                    {
                        Since = since.ToString(CultureInfo.InvariantCulture),
                        Filters = new Dictionary<string, IDictionary<string, bool>>
                        {
                            ["type"] = new Dictionary<string, bool> { ["container"] = true },
                            ["label"] = new Dictionary<string, bool> { [DockerLabels.ManagedFilter] = true },
                        },
                    },
                    new CallbackProgress<Message>(OnEvent),
                    stoppingToken).ConfigureAwait(false);
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
                inspections.Enabled = false;
            }

            wake("docker event stream reconnecting");
            var delay = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(failures, 5))));
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
        }
    }

    private void OnEvent(Message message)
    {
        var action = message.Action ?? "";

        // Healthchecks run as exec_* every interval; they change nothing the agent manages.
        if (action.StartsWith("exec_", StringComparison.Ordinal))
        {
            return;
        }

        var id = message.Actor?.ID;
        if (id is not null)
        {
            inspections.Invalidate(id);
        }

        var app = message.Actor?.Attributes is { } attributes && attributes.TryGetValue(DockerLabels.App, out var name) ? name : id;
        LogEvent(action, app ?? "?");
        wake($"docker event {action} {app}");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Docker event stream lost: {Reason}; passes fall back to full inspection")]
    private partial void LogStreamLost(string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Docker event {Action} for {App}")]
    private partial void LogEvent(string action, string app);
}
