using System.Globalization;
using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Core.SelfUpdate;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.SelfUpdate;

/// <summary>At start: a rollback the guard did to report, or this agent's own probation to serve.</summary>
internal sealed partial class SelfUpdater
{
    private static readonly TimeSpan ProbationRecheck = TimeSpan.FromSeconds(1);
    private bool passedOnce;
    private volatile bool recheckPending;

    /// <summary>Before the first pass.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            state = await LoadAsync(cancellationToken).ConfigureAwait(false);
            if (state.Last is { } last)
            {
                status.RecordAgentUpdate(last); // reported again after a restart, without a second event
            }

            if (KeyValueFile.Read(home.RolledBackNote) is { } note)
            {
                await TakeRollbackAsync(note, cancellationToken).ConfigureAwait(false);
            }

            var ticket = ProbationTicket.Read(home.Ticket);
            if (ticket is { State: ProbationTicket.Started } && SameVersion(ticket.Version, Running))
            {
                probation = ticket;
                LogOnProbation(ticket.Version, ticket.Seconds, ticket.From);
            }
            else if (ticket is null && state.Last is { Result: AgentUpdateResult.Installing } installing && SameVersion(installing.Version, Running))
            {
                // Passed, but stopped between removing the ticket and recording it.
                await PassedAsync(installing.From, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSelfUpdateCrashed(ex);
        }
    }

    /// <summary>Ready (READY sent once the host started), connected when a broker is configured, and a pass completed.</summary>
    private async Task JudgeProbationAsync(bool passCompleted, CancellationToken cancellationToken)
    {
        passedOnce |= passCompleted;
        if (!passedOnce || !brokerConnected() || !lifetime.ApplicationStarted.IsCancellationRequested)
        {
            if (!recheckPending)
            {
                // Readiness and the connection come on their own time: look again shortly, not at the next resync.
                recheckPending = true;
                _ = Task.Delay(ProbationRecheck, time, cancellationToken).ContinueWith(
                    _ => { recheckPending = false; trigger.Request("agent probation"); },
                    CancellationToken.None,
                    TaskContinuationOptions.OnlyOnRanToCompletion,
                    TaskScheduler.Default);
            }

            return;
        }

        // The ticket goes first: from then on the guard leaves this agent alone, whatever happens next.
        File.Delete(home.Ticket);
        await PassedAsync(probation!.From, cancellationToken).ConfigureAwait(false);
        probation = null;
    }

    private async Task PassedAsync(string from, CancellationToken cancellationToken)
    {
        if (!ReleaseVersion.TryParse(state.Floor, out var floor) || (ReleaseVersion.TryParse(Running, out var running) && running > floor))
        {
            state.Floor = Running;
        }

        DeleteReleases(except: Path.GetFullPath(home.CurrentTarget() ?? "", home.Root));
        await ReportAsync(Running, from, AgentUpdateResult.Updated, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The guard restored this agent: the release it had swapped in is not tried again.</summary>
    private async Task TakeRollbackAsync(IReadOnlyDictionary<string, string> note, CancellationToken cancellationToken)
    {
        var version = note.GetValueOrDefault("version", "");
        var reason = note.GetValueOrDefault("reason", "rolled back by the guard");
        if (version.Length > 0)
        {
            state.Failed[version] = reason;
            var at = long.TryParse(note.GetValueOrDefault("at"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : time.GetUtcNow();
            await RecordAsync(new AgentUpdateOutcome { Version = version, From = Running, Result = AgentUpdateResult.RolledBack, Reason = reason, At = at }, cancellationToken).ConfigureAwait(false);
        }

        File.Delete(home.RolledBackNote);
        DeleteReleases(except: Path.GetFullPath(home.CurrentTarget() ?? "", home.Root));
    }

    /// <summary>Staged releases other than the running one: a rolled-back or superseded binary is only disk used.</summary>
    private void DeleteReleases(string except)
    {
        if (!Directory.Exists(home.Releases))
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories(home.Releases))
        {
            if (!string.Equals(Path.Combine(directory, "edge-agent"), except, StringComparison.Ordinal))
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException ex)
                {
                    LogStateNotSaved($"cannot remove {directory}: {ex.Message}");
                }
            }
        }
    }

    private async Task<AgentReleaseState> LoadAsync(CancellationToken cancellationToken)
    {
        // Unusable: set aside and forgotten rather than refuse to run (the trust floor still guards manifests).
        var read = await StateDocuments.ReadAsync(
            store,
            StateFile,
            SelfUpdateJsonContext.Default.AgentReleaseState,
            s => s.Failed is not null,
            "the agent's own version floor and failed releases are forgotten",
            cancellationToken).ConfigureAwait(false);
        if (read.SetAside is { } why)
        {
            // Said as a pass says it: the warning and a state-set-aside event.
            LogStateSetAside(why);
            publisher?.Publish(status.RecordStateSetAside(why));
        }

        return read.Value ?? new();
    }

    private static bool SameVersion(string a, string b) =>
        ReleaseVersion.TryParse(a, out var left) && ReleaseVersion.TryParse(b, out var right) && left.CompareTo(right) == 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Line}")]
    private partial void LogStateSetAside(string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {ReleaseVersion} is on probation ({ProbationSeconds} s; previous {From}): it must be ready, connected and complete a pass")]
    private partial void LogOnProbation(string releaseVersion, int probationSeconds, string from);
}
