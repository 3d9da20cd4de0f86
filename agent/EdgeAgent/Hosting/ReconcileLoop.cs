using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Core.Reporting;
using EdgeAgent.ManifestSources;
using EdgeAgent.Reporting;
using EdgeAgent.SelfUpdate;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Hosting;

/// <summary>
/// The daemon's heart: one pass at start, on every trigger (a message, a changed manifest file, a
/// Docker event) and on the resync timer. Before each pass it takes in new desired state (trust topic
/// first); after each pass it reports. It pings the systemd watchdog after each pass and while idle,
/// so a wedged loop gets the agent restarted.
/// </summary>
internal sealed partial class ReconcileLoop(
    ManifestIntake feed,
    ManifestFileSource? file,
    IMessageInbox? inbox,
    StatusTracker status,
    IStatusPublisher? publisher,
    Reconciler reconciler,
    ReconcileTrigger trigger,
    TimeSpan resync,
    TimeProvider time,
    ISystemdNotifier? notifier,
    ILogger<ReconcileLoop> logger,
    SelfUpdater? selfUpdate = null) : BackgroundService
{
    private const string ManifestFileChanged = "manifest file changed";
    private static readonly TimeSpan MinRetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FileSettleDelay = TimeSpan.FromMilliseconds(300);

    /// <summary>Immediate verification passes in a row; beyond that a flapping device waits like any other.</summary>
    private const int MaxVerifyPasses = 3;

    private readonly PassLog passLog = new(logger);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watchdog = WatchdogInterval();
        await RestoreAsync(stoppingToken).ConfigureAwait(false);
        await (selfUpdate?.StartAsync(stoppingToken) ?? Task.CompletedTask).ConfigureAwait(false);

        using var watcher = file is null ? null : ManifestFileWatch.Start(file.Path, () => trigger.Request(ManifestFileChanged));
        var consecutiveFailures = 0;
        var verifyPasses = 0;
        var reason = "startup";
        while (!stoppingToken.IsCancellationRequested)
        {
            await TakeInputsAsync(stoppingToken).ConfigureAwait(false);

            var (healthy, changedSomething, holdsEndAt, completed) = (true, false, (DateTimeOffset?)null, false);
            if (feed.Current?.Desired is { } desired)
            {
                (healthy, changedSomething, holdsEndAt, completed) = await RunPassAsync(desired, reason, stoppingToken).ConfigureAwait(false);
            }

            await (selfUpdate?.AfterPassAsync(feed.Current?.Manifest?.Spec.Agent, completed, stoppingToken) ?? Task.CompletedTask).ConfigureAwait(false);

            publisher?.Publish(status.Snapshot());
            consecutiveFailures = healthy ? 0 : consecutiveFailures + 1;
            Ping();
            LogMemory();

            verifyPasses = healthy && changedSomething ? verifyPasses + 1 : 0;
            if (verifyPasses is > 0 and <= MaxVerifyPasses)
            {
                // Verify at once: the next pass must plan nothing, and it observes what to report.
                reason = "verify";
                continue;
            }

            // After a failed pass retry sooner than the resync period, backing off exponentially.
            var untilNext = consecutiveFailures == 0
                ? resync
                : TimeSpan.FromTicks(Math.Min(resync.Ticks, MinRetryDelay.Ticks << Math.Min(consecutiveFailures - 1, 10)));
            var deadline = time.GetUtcNow() + untilNext;
            if (holdsEndAt is { } holdEnds && holdEnds < deadline)
            {
                deadline = holdEnds; // a crash-looping app is started again (a probation judged) when it ends, not later
            }

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

    private async Task RestoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await feed.RestoreAsync(cancellationToken).ConfigureAwait(false) is not { } restored)
            {
                return;
            }

            if (restored.Accepted)
            {
                status.RecordRestored(feed.Streams.AppliedVersions, restored.Conflicts);
                LogLastKnownGood(string.Join(", ", feed.Streams.AppliedVersions.Select(v => $"{v.Key} v{v.Value}")) is { Length: > 0 } s ? s : $"unsigned v{restored.Version}");
                foreach (var error in restored.Errors)
                {
                    LogLastKnownGoodRefused("unreadable", error);
                }
            }
            else
            {
                LogLastKnownGoodRefused(restored.Reason?.Code() ?? "", string.Join("; ", restored.Errors));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPassCrashed(ex);
        }
    }

    /// <summary>New desired state from the trust topic, the broker streams and the manifest file, in that order.</summary>
    private async Task TakeInputsAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (topic, payload) in inbox?.TakeAll(Topics.TrustRoot) ?? [])
            {
                if (topic == Topics.TrustRoot)
                {
                    await TakeRootAsync(payload, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    Record(await feed.OfferAsync(topic, payload, persist: true, cancellationToken).ConfigureAwait(false));
                }
            }

            foreach (var evaluation in await feed.RetryHeldAsync(cancellationToken).ConfigureAwait(false))
            {
                Record(evaluation);
            }

            if (file is not null && await file.ReadIfChangedAsync(cancellationToken).ConfigureAwait(false) is { } fromFile)
            {
                Record(fromFile, file.Path);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // e.g. the state directory is full or read-only: keep enforcing what we have.
            LogPassCrashed(ex);
        }
    }

    private async Task TakeRootAsync(byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            var (rotated, reoffered) = await feed.RotateRootAsync(payload, Topics.TrustRoot, cancellationToken).ConfigureAwait(false);
            if (rotated is not null)
            {
                LogRootRotated(rotated.Version);
                publisher?.Publish(new AgentEvent { Type = AgentEventType.RootRotated, At = time.GetUtcNow(), Stream = Topics.TrustRoot, Version = rotated.Version, Message = $"trust root is now v{rotated.Version}" });
            }

            foreach (var evaluation in reoffered)
            {
                Record(evaluation);
            }
        }
        catch (TrustException ex)
        {
            LogRootRejected(ex.Reason.Code(), ex.Message);
            publisher?.Publish(new AgentEvent { Type = AgentEventType.Rejected, At = time.GetUtcNow(), Stream = Topics.TrustRoot, Reason = ex.Reason, Message = ex.Message });
        }
    }

    private void Record(StreamEvaluation evaluation, string? source = null)
    {
        if (evaluation.Accepted)
        {
            if (evaluation.Released && !evaluation.AlreadyAccepted)
            {
                LogReleased(evaluation.Stream, Describe(feed.Current));
            }
            else if (!evaluation.AlreadyAccepted)
            {
                LogAccepted(evaluation.Stream, evaluation.Version ?? 0, source ?? evaluation.Stream);
            }

            foreach (var conflict in evaluation.Conflicts)
            {
                LogConflict(conflict);
            }
        }
        else
        {
            LogRejected(source ?? evaluation.Stream, evaluation.Reason?.Code() ?? "", string.Join("; ", evaluation.Errors), Describe(feed.Current));
        }

        if (status.RecordStream(evaluation) is { } agentEvent)
        {
            publisher?.Publish(agentEvent);
        }
    }

    private static DateTimeOffset? WakeAt(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private async Task<(bool Healthy, bool Changed, DateTimeOffset? HoldsEndAt, bool Completed)> RunPassAsync(DesiredState desired, string reason, CancellationToken cancellationToken)
    {
        try
        {
            var pass = await reconciler.RunPassAsync(desired, dryRun: false, cancellationToken).ConfigureAwait(false);
            foreach (var agentEvent in status.RecordPass(desired, pass))
            {
                publisher?.Publish(agentEvent);
            }

            passLog.Write(reason, pass);
            if (pass.Converged || pass.KeepsPreviousNetwork)
            {
                return (true, false, null, true);
            }

            return (pass.Succeeded, pass.Results.Count > 0 || (!pass.Ovs.IsEmpty && pass.OvsError is null), WakeAt(pass.HoldsEndAt, pass.ProbationEndsAt), true);
        }
        catch (StepFailedException ex)
        {
            LogObserveFailed(ex.Message);
            publisher?.Publish(status.RecordError(ex.Message));
            return (false, false, null, false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug or an unexpected host error must not end the daemon: log, back off, try again.
            LogPassCrashed(ex);
            publisher?.Publish(status.RecordError(ex.Message));
            return (false, false, null, false);
        }
    }

    private void Ping() => notifier?.Notify(new ServiceState("WATCHDOG=1"));

    /// <summary>systemd passes WatchdogSec as WATCHDOG_USEC; null when no watchdog is configured.</summary>
    private static TimeSpan? WatchdogInterval() =>
        long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), out var usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec)
            : null;

    private static string Describe(AdmissionResult? current) =>
        current?.Manifest is { } m ? $"{m.Metadata.Name} v{m.Metadata.Version}" : "nothing";
}
