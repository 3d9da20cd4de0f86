using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Core.SelfUpdate;
using EdgeAgent.Reporting;
using EdgeAgent.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.SelfUpdate;

/// <summary>
/// The agent's updates of itself, driven by the reconcile loop: feeds what it observes (at start, after
/// each pass, when staging ends) to <see cref="AgentUpdateMachine"/> in the core and performs the steps
/// it returns. Staging runs in the background so that passes and the watchdog go on; the new agent
/// judges its own probation; the guard script rolls it back when it cannot.
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
    ILogger<SelfUpdater> logger,
    IStateStore store)
{
    private readonly AgentUpdateMachine machine = new(Running, AgentHome.Architecture);
    private AgentUpdateState state = AgentUpdateState.Initial;
    private Task<string>? staging;
    private ITimer? recheck;

    public static string Running => AgentVersion.Current;

    /// <summary>Before the first pass: a rollback the guard did to record, or this agent's own probation to serve.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(new ReleaseStateLoaded(await LoadAsync(cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
            if (ReadGuardNote() is { } note)
            {
                await RunAsync(note, cancellationToken).ConfigureAwait(false);
            }

            AgentUpdateEvent ticket = ProbationTicket.Read(home.Ticket) is { } found
                ? new ProbationTicketFound(found.Version, found.From, found.Seconds, found.State == ProbationTicket.Started)
                : new NoProbationTicket();
            await RunAsync(ticket, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSelfUpdateCrashed(ex);
        }
    }

    /// <summary>After each pass: judge this agent's probation, or act on the release the desired state names.</summary>
    public async Task AfterPassAsync(AgentReleaseSpec? release, bool passCompleted, CancellationToken cancellationToken)
    {
        try
        {
            var happened = Observe(release, passCompleted);
            await RunAsync(happened, cancellationToken).ConfigureAwait(false);
            if (happened is StagingCancelled)
            {
                throw new OperationCanceledException("staging stopped: the agent is stopping"); // the loop stops with it
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSelfUpdateCrashed(ex); // never the reason a pass loop stops
        }
    }

    /// <summary>How staging ended when it has, otherwise the pass. A completed task is read, not awaited: no state machine for it.</summary>
    private AgentUpdateEvent Observe(AgentReleaseSpec? release, bool passCompleted)
    {
        if (staging is not { IsCompleted: true } staged)
        {
            return new PassEnded(release, passCompleted, lifetime.ApplicationStarted.IsCancellationRequested, brokerConnected(), home.CannotSwap());
        }

        if (staged.IsCompletedSuccessfully)
        {
            return new StagingSucceeded(release, staged.Result);
        }

        if (staged.IsCanceled)
        {
            return new StagingCancelled();
        }

        var ex = staged.Exception!.InnerException!;
        return new StagingFailed(ex is StagingException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}");
    }

    /// <summary>The machine's next state, then its steps; a step that throws sends the phase back, so that the next pass tries again.</summary>
    private async Task RunAsync(AgentUpdateEvent happened, CancellationToken cancellationToken)
    {
        var before = state.Phase;
        var next = machine.Next(state, happened, time.GetUtcNow());
        state = next.State;
        try
        {
            foreach (var step in next.Steps)
            {
                await PerformAsync(step, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            state = machine.Next(state, new StepFailed(before), time.GetUtcNow()).State;
            throw;
        }
        finally
        {
            if (state.Phase is not AgentUpdateStaging)
            {
                staging = null;
            }
        }
    }

    /// <summary>Performs a step; only saving and publishing wait (no async state machine for the rest).</summary>
    private Task PerformAsync(AgentUpdateStep step, CancellationToken cancellationToken)
    {
        switch (step)
        {
            case ShowLastOutcome show:
                status.RecordAgentUpdate(show.Outcome);
                break;
            case SaveReleaseState save:
                return SaveAsync(save.State, cancellationToken);
            case ReportOutcome report:
                var agentEvent = status.RecordAgentUpdate(report.Outcome);
                publisher?.Publish(agentEvent);
                LogOutcome(agentEvent.Message);
                break;
            case StageRelease stage:
                LogStaging(stage.Release.Version, stage.Release.Image);
                staging = StageAsync(stage.Release);
                break;
            case WriteProbationTicket ticket:
                var r = ticket.Release;
                new ProbationTicket(r.Version, Running, ticket.Binary, Previous(), r.ProbationSeconds, Guid.NewGuid().ToString("N")[..16], ProbationTicket.Staged).Write(home.Ticket);
                break;
            case SwitchCurrent link:
                var previous = Previous();
                home.SwitchTo(link.Binary);
                LogSwapped(link.Release.Version, link.Binary, link.Release.ProbationSeconds, previous);
                break;
            case PublishStatus:
                publisher?.Publish(status.Snapshot());
                return publisher?.FlushAsync(TimeSpan.FromSeconds(3), cancellationToken) ?? Task.CompletedTask;
            case StopAgent:
                lifetime.StopApplication();
                break;
            case DeleteProbationTicket:
                File.Delete(home.Ticket);
                break;
            case DeleteGuardNote:
                File.Delete(home.RolledBackNote);
                break;
            case DeleteOtherReleases:
                DeleteReleases(except: Path.GetFullPath(home.CurrentTarget() ?? "", home.Root));
                break;
            case ScheduleRecheck after:
                recheck?.Dispose();
                recheck = time.CreateTimer(_ => trigger.Request("agent probation"), null, after.After, Timeout.InfiniteTimeSpan);
                break;
            case ServeProbation probation:
                LogOnProbation(probation.Version, probation.Seconds, probation.From);
                break;
            default:
                throw new InvalidOperationException($"no way to perform {step}");
        }

        return Task.CompletedTask;
    }
}
