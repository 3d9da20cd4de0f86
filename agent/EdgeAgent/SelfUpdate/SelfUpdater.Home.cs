using System.Globalization;
using System.Text.Json;
using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.SelfUpdate;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.SelfUpdate;

/// <summary>What the executor reads and writes in stateDir/agent (release.json, the guard's note, staged releases), staging off the loop, and what it logs.</summary>
internal sealed partial class SelfUpdater
{
    private const string StateFile = "release.json";

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

    private async Task SaveAsync(AgentReleaseState remembered, CancellationToken cancellationToken)
    {
        try
        {
            await store.WriteAsync(StateFile, JsonSerializer.SerializeToUtf8Bytes(remembered, SelfUpdateJsonContext.Default.AgentReleaseState), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogStateNotSaved(ex.Message);
        }
    }

    /// <summary>The guard's note (version, reason, at: seconds since the epoch), parsed here at the boundary.</summary>
    private GuardNoteFound? ReadGuardNote()
    {
        if (KeyValueFile.Read(home.RolledBackNote) is not { } note)
        {
            return null;
        }

        DateTimeOffset? at = long.TryParse(note.GetValueOrDefault("at"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
        return new GuardNoteFound(note.GetValueOrDefault("version", ""), note.GetValueOrDefault("reason", "rolled back by the guard"), at);
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

    /// <summary>Off the loop, so that passes go on; the pass it wakes observes how it ended.</summary>
    private Task<string> StageAsync(AgentUpdateDecision release) => Task.Run(
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

    private string Previous() => Path.GetFullPath(home.CurrentTarget()!, home.Root);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Line}")]
    private partial void LogStateSetAside(string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {ReleaseVersion} is on probation ({ProbationSeconds} s; previous {From}): it must be ready, connected and complete a pass")]
    private partial void LogOnProbation(string releaseVersion, int probationSeconds, string from);
}
