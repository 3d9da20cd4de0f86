using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Planning;
using EdgeAgent.Core.Reconciliation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Hosting;

/// <summary>
/// The daemon's heart: one pass at start, on every trigger (new manifest, Docker event) and on the
/// resync timer. It pings the systemd watchdog after each pass and while idle, so a wedged loop
/// gets the agent restarted.
/// </summary>
internal sealed partial class ReconcileLoop(
    ManifestFileSource? source,
    LastKnownGood lastKnownGood,
    Reconciler reconciler,
    ReconcileTrigger trigger,
    TimeSpan resync,
    TimeProvider time,
    ISystemdNotifier? notifier,
    ILogger<ReconcileLoop> logger) : BackgroundService
{
    private const string ManifestFileChanged = "manifest file changed";
    private static readonly TimeSpan MinRetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FileSettleDelay = TimeSpan.FromMilliseconds(300);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watchdog = WatchdogInterval();
        DesiredState? desired = null;
        string? appliedName = null;

        if (await lastKnownGood.LoadAsync(ManifestFileSource.Stream, stoppingToken).ConfigureAwait(false) is { Accepted: true } stored)
        {
            desired = stored.Desired;
            appliedName = Describe(stored);
            LogLastKnownGood(appliedName);
        }

        using var watcher = WatchManifestFile();
        var consecutiveFailures = 0;
        var reason = "startup";
        while (!stoppingToken.IsCancellationRequested)
        {
            if (source is not null && await ReadManifestAsync(source, stoppingToken).ConfigureAwait(false) is { } update)
            {
                if (update.Accepted)
                {
                    desired = update.Desired;
                    appliedName = Describe(update);
                    LogAccepted(appliedName, source.Path);
                }
                else
                {
                    LogRejected(source.Path, update.Reason ?? "", string.Join("; ", update.Errors), appliedName ?? "nothing");
                }
            }

            var healthy = true;
            if (desired is not null)
            {
                healthy = await RunPassAsync(desired, reason, stoppingToken).ConfigureAwait(false);
            }

            consecutiveFailures = healthy ? 0 : consecutiveFailures + 1;
            Ping();

            // After a failed pass retry sooner than the resync period, backing off exponentially.
            var untilNext = consecutiveFailures == 0
                ? resync
                : TimeSpan.FromTicks(Math.Min(resync.Ticks, MinRetryDelay.Ticks << Math.Min(consecutiveFailures - 1, 10)));
            var deadline = time.GetUtcNow() + untilNext;
            reason = "resync";
            while (!stoppingToken.IsCancellationRequested)
            {
                var remaining = deadline - time.GetUtcNow();
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }

                var woken = await trigger.WaitAsync(watchdog is { } w && w / 2 < remaining ? w / 2 : remaining, time, stoppingToken).ConfigureAwait(false);
                Ping();
                if (woken is not null)
                {
                    reason = woken;
                    if (woken == ManifestFileChanged)
                    {
                        // Editors write in several steps: let the file settle before reading it.
                        await Task.Delay(FileSettleDelay, time, stoppingToken).ConfigureAwait(false);
                    }

                    break;
                }
            }
        }
    }

    private async Task<AdmissionResult?> ReadManifestAsync(ManifestFileSource manifestSource, CancellationToken cancellationToken)
    {
        try
        {
            return await manifestSource.ReadIfChangedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // e.g. the state directory is full or read-only: keep enforcing what we have.
            LogPassCrashed(ex);
            return null;
        }
    }

    private async Task<bool> RunPassAsync(DesiredState desired, string reason, CancellationToken cancellationToken)
    {
        try
        {
            var pass = await reconciler.RunPassAsync(desired, dryRun: false, cancellationToken).ConfigureAwait(false);
            if (pass.Plan.IsEmpty && pass.Plan.Problems.Count == 0)
            {
                LogConverged(reason);
                return true;
            }

            LogPass(reason, pass.Plan.Steps.Count);
            foreach (var result in pass.Results)
            {
                if (result.Outcome == StepOutcome.Succeeded)
                {
                    LogStep(result.ToString());
                }
                else
                {
                    LogStepFailed(result.ToString());
                }
            }

            foreach (var problem in pass.Plan.Problems)
            {
                LogProblem(problem.ToString());
            }

            return pass.Succeeded;
        }
        catch (StepFailedException ex)
        {
            LogObserveFailed(ex.Message);
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug or an unexpected host error must not end the daemon: log, back off, try again.
            LogPassCrashed(ex);
            return false;
        }
    }

    private FileSystemWatcher? WatchManifestFile()
    {
        if (source is null)
        {
            return null;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(source.Path))!;
        if (!Directory.Exists(directory))
        {
            return null;
        }

        var watcher = new FileSystemWatcher(directory, Path.GetFileName(source.Path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        FileSystemEventHandler changed = (_, _) => trigger.Request(ManifestFileChanged);
        watcher.Changed += changed;
        watcher.Created += changed;
        watcher.Renamed += (_, _) => trigger.Request(ManifestFileChanged);
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void Ping() => notifier?.Notify(new ServiceState("WATCHDOG=1"));

    /// <summary>systemd passes WatchdogSec as WATCHDOG_USEC; null when no watchdog is configured.</summary>
    private static TimeSpan? WatchdogInterval() =>
        long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), out var usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec)
            : null;

    private static string Describe(AdmissionResult result) =>
        $"{result.Manifest!.Metadata.Name} v{result.Manifest.Metadata.Version}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting from last-known-good manifest {Manifest}")]
    private partial void LogLastKnownGood(string manifest);

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted manifest {Manifest} from {Path}")]
    private partial void LogAccepted(string manifest, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected manifest {Path} ({Reason}): {Errors}. Keeping {Current}")]
    private partial void LogRejected(string path, string reason, string errors, string current);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pass ({Reason}): converged, nothing to do")]
    private partial void LogConverged(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pass ({Reason}): {Steps} step(s)")]
    private partial void LogPass(string reason, int steps);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Result}")]
    private partial void LogStep(string result);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Result}")]
    private partial void LogStepFailed(string result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot converge {Problem}")]
    private partial void LogProblem(string problem);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Pass failed unexpectedly; retrying with backoff")]
    private partial void LogPassCrashed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pass failed before planning: {Error}")]
    private partial void LogObserveFailed(string error);
}
