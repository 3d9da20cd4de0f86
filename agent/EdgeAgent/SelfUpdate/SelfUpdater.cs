using System.Text.Json;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Core.SelfUpdate;
using EdgeAgent.Reporting;
using EdgeAgent.Scheduling;
using EdgeAgent.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.SelfUpdate;

/// <summary>
/// The agent's updates of itself, driven by the reconcile loop after each pass: decides (pure, in the
/// core), stages in the background so that passes and the watchdog go on, then writes the probation
/// ticket, switches `current` and stops, so that systemd starts the new binary. The new agent judges
/// its own probation (<see cref="StartAsync"/>, <see cref="AfterPassAsync"/>); the guard script rolls
/// it back when it cannot.
/// </summary>
internal sealed partial class SelfUpdater(
    AgentHome home,
    ReleaseStager stager,
    StatusTracker status,
    IStatusPublisher? publisher,
    Func<bool> brokerConnected,
    IHostApplicationLifetime lifetime,
    ReconcileTrigger trigger,
    TimeProvider time,
    ILogger<SelfUpdater> logger)
{
    private const string StateFile = "release.json";
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan LastRetry = TimeSpan.FromHours(6);

    private readonly FileStateStore store = new(home.Root, time);
    private AgentReleaseState state = new();
    private ProbationTicket? probation;
    private Task<string>? staging;
    private AgentUpdateDecision? stagingRelease;
    private (string Version, DateTimeOffset At, int Failures) retry = ("", DateTimeOffset.MinValue, 0);
    private bool swapped;

    public static string Running => AgentVersion.Current;

    /// <summary>After each pass: judge this agent's probation, or act on the release the desired state names.</summary>
    public async Task AfterPassAsync(AgentReleaseSpec? release, bool passCompleted, CancellationToken cancellationToken)
    {
        try
        {
            if (swapped)
            {
                return; // stopping, so that systemd starts the new binary
            }

            if (probation is not null)
            {
                await JudgeProbationAsync(passCompleted, cancellationToken).ConfigureAwait(false);
                return; // no other release until this one is judged
            }

            if (staging is not null)
            {
                if (staging.IsCompleted)
                {
                    await FinishStagingAsync(release, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            var decision = AgentUpdatePlanner.Decide(release, Running, AgentHome.Architecture, state);
            if (decision.Action == AgentUpdateAction.Refuse)
            {
                await ReportAsync(decision.Version, Running, AgentUpdateResult.Refused, decision.Reason, cancellationToken).ConfigureAwait(false);
            }
            else if (decision.Action == AgentUpdateAction.Install)
            {
                await BeginAsync(decision, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSelfUpdateCrashed(ex); // never the reason a pass loop stops
        }
    }

    private async Task BeginAsync(AgentUpdateDecision release, CancellationToken cancellationToken)
    {
        if (home.CannotSwap() is { } why)
        {
            await ReportAsync(release.Version, Running, AgentUpdateResult.Refused, why, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (retry.Version == release.Version && time.GetUtcNow() < retry.At)
        {
            return; // it failed to stage a moment ago: wait out the backoff
        }

        LogStaging(release.Version, release.Image);
        stagingRelease = release;
        staging = Task.Run(
            async () =>
            {
                try
                {
                    return await stager.StageAsync(release, lifetime.ApplicationStopping).ConfigureAwait(false);
                }
                finally
                {
                    trigger.Request("agent release staged");
                }
            },
            CancellationToken.None);
    }

    private async Task FinishStagingAsync(AgentReleaseSpec? release, CancellationToken cancellationToken)
    {
        var wanted = stagingRelease!;
        var task = staging!;
        staging = null;
        string binary;
        try
        {
            binary = await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var failures = retry.Version == wanted.Version ? retry.Failures + 1 : 1;
            var wait = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, FirstRetry.Ticks << Math.Min(failures - 1, 8)));
            retry = (wanted.Version, time.GetUtcNow() + wait, failures);
            var reason = ex is StagingException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            await ReportAsync(wanted.Version, Running, AgentUpdateResult.Failed, $"{reason} (tried again in {wait.TotalMinutes:0} min)", cancellationToken).ConfigureAwait(false);
            return;
        }

        var still = AgentUpdatePlanner.Decide(release, Running, AgentHome.Architecture, state);
        if (still.Action != AgentUpdateAction.Install || still.Version != wanted.Version || still.Sha256 != wanted.Sha256)
        {
            return; // the desired release changed while this one was staged: the next pass decides again
        }

        Swap(wanted, binary);
        await ReportAsync(wanted.Version, Running, AgentUpdateResult.Installing, null, cancellationToken).ConfigureAwait(false);
        publisher?.Publish(status.Snapshot());
        await (publisher?.FlushAsync(TimeSpan.FromSeconds(3), cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false); // operators see why it restarts
        lifetime.StopApplication();
    }

    /// <summary>Ticket first, then the link: a stop in between leaves the old agent current and a stale ticket the guard discards.</summary>
    private void Swap(AgentUpdateDecision release, string binary)
    {
        var previous = Path.GetFullPath(home.CurrentTarget()!, home.Root);
        new ProbationTicket(release.Version, Running, binary, previous, release.ProbationSeconds, Guid.NewGuid().ToString("N")[..16], ProbationTicket.Staged).Write(home.Ticket);
        home.SwitchTo(binary);
        swapped = true;
        LogSwapped(release.Version, binary, release.ProbationSeconds, previous);
    }

    /// <summary>Records and reports an outcome, once: the same refusal on every pass is one event.</summary>
    private async Task ReportAsync(string version, string from, AgentUpdateResult result, string? reason, CancellationToken cancellationToken)
    {
        if (state.Last is { } last && last.Version == version && (last.Result, last.Reason) == (result, reason))
        {
            return;
        }

        if (result == AgentUpdateResult.Refused && state.Last is { Result: AgentUpdateResult.RolledBack } rolledBack && rolledBack.Version == version)
        {
            return; // the rollback is the news; refusing to retry that release is its consequence
        }

        await RecordAsync(new AgentUpdateOutcome { Version = version, From = from, Result = result, Reason = reason, At = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Remembered (the status after a restart), then reported as status and event.</summary>
    private async Task RecordAsync(AgentUpdateOutcome outcome, CancellationToken cancellationToken)
    {
        state.Last = outcome;
        await SaveAsync(cancellationToken).ConfigureAwait(false);
        var agentEvent = status.RecordAgentUpdate(outcome);
        publisher?.Publish(agentEvent);
        LogOutcome(agentEvent.Message);
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.WriteAsync(StateFile, JsonSerializer.SerializeToUtf8Bytes(state, SelfUpdateJsonContext.Default.AgentReleaseState), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogStateNotSaved(ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Staging agent release {ReleaseVersion} from {Image}")]
    private partial void LogStaging(string releaseVersion, string image);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent release {ReleaseVersion} staged as {Binary} and swapped in (probation {ProbationSeconds} s, previous {Previous}): stopping so that systemd starts it")]
    private partial void LogSwapped(string releaseVersion, string binary, int probationSeconds, string previous);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent update: {Message}")]
    private partial void LogOutcome(string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "The agent's release state was not saved: {Error}")]
    private partial void LogStateNotSaved(string error);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Self-update failed unexpectedly; the running agent stays")]
    private partial void LogSelfUpdateCrashed(Exception exception);
}
