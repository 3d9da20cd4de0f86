using EdgeAgent.ManifestSources;
using EdgeAgent.Scheduling;
using Microsoft.Extensions.Hosting.Systemd;

namespace EdgeAgent.Hosting;

/// <summary>
/// The loop's wait between passes: until the schedule's deadline or a trigger (a message, a changed
/// manifest file, a Docker event), pinging the systemd watchdog while idle so a wedged loop gets the
/// agent restarted.
/// </summary>
internal sealed class PassWait(ReconcileTrigger trigger, TimeProvider time, ISystemdNotifier? notifier)
{
    private const string ManifestFileChanged = "manifest file changed";
    private static readonly TimeSpan FileSettleDelay = TimeSpan.FromMilliseconds(300);

    /// <summary>systemd passes WatchdogSec as WATCHDOG_USEC; null when no watchdog is configured.</summary>
    private readonly TimeSpan? watchdog =
        long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), out var usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec)
            : null;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Wakes the loop when the manifest file changes; null without one.</summary>
    public IDisposable? Watch(ManifestFileSource? file) =>
        file is null ? null : ManifestFileWatch.Start(file.Path, () => trigger.Request(ManifestFileChanged));

    public void Ping() => notifier?.Notify(new ServiceState("WATCHDOG=1"));

    /// <summary>Waits until <paramref name="deadline"/>; returns what woke the loop first, or null at the deadline.</summary>
    public async Task<string?> UntilAsync(DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            var woken = await trigger.WaitAsync(watchdog is { } w && w / 2 < remaining ? w / 2 : remaining, time, cancellationToken).ConfigureAwait(false);
            Ping();
            if (woken is not null)
            {
                if (woken == ManifestFileChanged)
                {
                    // Editors write in several steps: let the file settle before reading it.
                    await Task.Delay(FileSettleDelay, time, cancellationToken).ConfigureAwait(false);
                }

                return woken;
            }
        }

        return null;
    }
}
