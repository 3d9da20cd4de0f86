using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Planning;
using EdgeAgent.Core.Reconciliation;

namespace EdgeAgent.Core.Reporting;

/// <summary>
/// Builds the device's reported state and its events from what the reconcile loop learns: stream
/// decisions and pass results. Pure; the caller publishes <see cref="Snapshot"/> and the events.
/// </summary>
public sealed class StatusTracker(string deviceId, string agentVersion, TimeProvider time, IReadOnlyList<string>? groups = null)
{
    private readonly Dictionary<string, StreamStatus> streams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> appErrors = new(StringComparer.Ordinal);
    private readonly List<StreamEvaluation> awaitingApply = [];
    private IReadOnlyList<string> conflicts = [];
    private IReadOnlyDictionary<string, AppStatus> apps = new Dictionary<string, AppStatus>();
    private IReadOnlyDictionary<string, BridgeStatus>? ovs;
    private bool converged;
    private string? rolledBack;
    private string? lastError;
    private AgentUpdateOutcome? agentUpdate;

    /// <summary>Records a stream decision; returns the event to publish (none for a redelivered, already accepted manifest).</summary>
    public AgentEvent? RecordStream(StreamEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var now = time.GetUtcNow();
        var previous = streams.GetValueOrDefault(evaluation.Stream) ?? new StreamStatus();
        if (evaluation.Released && evaluation.Accepted)
        {
            // The device follows its group's topic again: the rollout topic is no longer a stream of it.
            conflicts = evaluation.Conflicts;
            streams.Remove(evaluation.Stream);
            return null;
        }

        if (evaluation.Accepted)
        {
            conflicts = evaluation.Conflicts;
            if (evaluation.AlreadyAccepted && previous.AppliedVersion == evaluation.Version)
            {
                return null;
            }

            streams[evaluation.Stream] = previous with { AppliedVersion = evaluation.Version, AppliedAt = now };
            awaitingApply.Add(evaluation);
            return null; // "applied" is reported once a pass has carried it out
        }

        if (previous.Rejected is { } known && known.Version == evaluation.Version && known.Reason == evaluation.Reason && known.Errors.SequenceEqual(evaluation.Errors))
        {
            return null; // the same refused retained message, delivered again on reconnect
        }

        streams[evaluation.Stream] = previous with
        {
            Rejected = new StreamRejection { Version = evaluation.Version, Reason = evaluation.Reason!.Value, Errors = evaluation.Errors, At = now },
        };
        return new AgentEvent
        {
            Type = AgentEventType.Rejected,
            At = now,
            Stream = evaluation.Stream,
            Version = evaluation.Version,
            Reason = evaluation.Reason,
            Message = string.Join("; ", evaluation.Errors),
        };
    }

    /// <summary>Seeds the applied versions restored from last-known-good (no event: nothing new happened).</summary>
    public void RecordRestored(IReadOnlyDictionary<string, long> versions, IReadOnlyList<string> restoredConflicts)
    {
        ArgumentNullException.ThrowIfNull(versions);
        foreach (var (stream, version) in versions)
        {
            streams[stream] = (streams.GetValueOrDefault(stream) ?? new StreamStatus()) with { AppliedVersion = version };
        }

        conflicts = restoredConflicts;
    }

    /// <summary>Records a pass; returns the events it caused (applied, failed, drift-repaired).</summary>
    public IReadOnlyList<AgentEvent> RecordPass(DesiredState desired, PassResult pass)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(pass);
        var now = time.GetUtcNow();
        var events = pass.StateSetAside.Select(RecordStateSetAside).ToList();
        if (pass.Converged)
        {
            appErrors.Clear();
        }

        foreach (var failed in pass.Results.Where(r => r.Outcome != StepOutcome.Succeeded && r.Error is not null).OrderBy(r => r.Step is PullImageStep))
        {
            appErrors[failed.Step.Target] = $"{failed.Step.Action}: {failed.Error}";

            // A pull serves every app of that image: each says why it is not updated.
            foreach (var app in desired.Apps.Values.Where(a => failed.Step is PullImageStep pull && a.Spec.Image == pull.Image))
            {
                appErrors[app.Name] = $"pull: {failed.Error} (the running version, if any, keeps running)";
            }
        }

        foreach (var problem in pass.Plan.Problems)
        {
            appErrors[problem.Target] = problem.Message;
        }

        converged = pass.Converged && pass.RolledBack.Count == 0; // a rolled-back app runs another version than desired
        var report = PassReport.Of(pass);
        var blocking = report.Blocking;
        lastError = blocking.Count > 0 || pass.OvsRolledBack is not null || pass.RolledBack.Count > 0
            ? string.Join("; ", blocking.Concat(report.Lines.Where(l => l.Kind == PassLineKind.RolledBack).Select(l => l.Text)))
            : null;
        if (pass.OvsRolledBack is { } reason && reason != rolledBack)
        {
            events.Add(new AgentEvent { Type = AgentEventType.RolledBack, At = now, Reason = RejectionReason.UnreachableAfterChange, Message = reason });
        }

        rolledBack = pass.OvsRolledBack;
        foreach (var app in pass.NewlyRolledBack)
        {
            events.Add(new AgentEvent
            {
                Type = AgentEventType.RolledBack,
                At = now,
                Reason = RejectionReason.ProbationFailed,
                Version = desired.Apps[app].Update.ManifestVersion,
                Message = $"app {app} rolled back to its previous version: {pass.RolledBack[app]}",
            });
        }

        apps = AppsOf(desired, pass);
        ovs = pass.OvsObserved is { } observedOvs ? BridgesOf(observedOvs, desired.Ovs.Mesh) : null;

        var executed = pass.Results.Count > 0 || (!pass.Ovs.IsEmpty && pass.OvsError is null);
        if (pass.Succeeded && awaitingApply.Count > 0)
        {
            events.AddRange(awaitingApply.Select(a => new AgentEvent
            {
                Type = AgentEventType.Applied,
                At = now,
                Stream = a.Stream,
                Version = a.Version,
                Message = executed ? $"applied with {pass.Results.Count} step(s)" : "already in the desired state",
            }));
            awaitingApply.Clear();
        }
        else if (!pass.Succeeded && (blocking.Count > 0 || pass.Results.Any(r => r.Outcome != StepOutcome.Succeeded)))
        {
            events.Add(new AgentEvent { Type = AgentEventType.Failed, At = now, Message = string.Join("; ", report.FailedSteps.Concat(blocking)) });
        }
        else if (executed)
        {
            events.Add(new AgentEvent
            {
                Type = AgentEventType.DriftRepaired,
                At = now,
                Message = string.Join("; ", pass.Ovs.Changes.Select(c => c.Describe()).Concat(pass.Plan.Steps.Select(s => s.Describe()))),
            });
        }

        return events;
    }

    /// <summary>One of the agent's own state documents was set aside (by a pass, or read by the self-updater at start).</summary>
    public AgentEvent RecordStateSetAside(string why) => new() { Type = AgentEventType.StateSetAside, At = time.GetUtcNow(), Message = why };

    /// <summary>A pass that could not even observe the device (Docker down, for instance).</summary>
    public AgentEvent RecordError(string error)
    {
        converged = false;
        lastError = error;
        return new AgentEvent { Type = AgentEventType.Failed, At = time.GetUtcNow(), Message = error };
    }

    /// <summary>An agent update began, ended or was refused: reported in the status from now on.</summary>
    public AgentEvent RecordAgentUpdate(AgentUpdateOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        agentUpdate = outcome;
        return new AgentEvent
        {
            Type = outcome.Result switch
            {
                AgentUpdateResult.Updated => AgentEventType.AgentUpdated,
                AgentUpdateResult.RolledBack => AgentEventType.AgentRolledBack,
                AgentUpdateResult.Installing => AgentEventType.AgentInstalling,
                _ => AgentEventType.AgentUpdateRefused,
            },
            At = outcome.At,
            Message = outcome.Result switch
            {
                AgentUpdateResult.Updated => $"agent updated from {outcome.From} to {outcome.Version}",
                AgentUpdateResult.Installing => $"agent {outcome.Version} staged and swapped in; restarting into it (from {outcome.From})",
                AgentUpdateResult.RolledBack => $"agent {outcome.Version} rolled back to {outcome.From}: {outcome.Reason}",
                AgentUpdateResult.Failed => $"agent {outcome.Version} not installed: {outcome.Reason}",
                _ => $"agent {outcome.Version} refused: {outcome.Reason}",
            },
        };
    }

    public DeviceStatus Snapshot() => new()
    {
        DeviceId = deviceId,
        AgentVersion = agentVersion,
        UpdatedAt = time.GetUtcNow(),
        Converged = converged,
        Groups = groups ?? [],
        Streams = new Dictionary<string, StreamStatus>(streams, StringComparer.Ordinal),
        Conflicts = conflicts,
        Apps = apps,
        Ovs = ovs,
        LastError = lastError,
        AgentUpdate = agentUpdate,
    };

    private static Dictionary<string, BridgeStatus> BridgesOf(ObservedOvs observed, (string Bridge, string LocalIp)? mesh) =>
        observed.Bridges.ToDictionary(
            b => b.Name,
            b => new BridgeStatus
            {
                Managed = OvsOwnership.IsOwned(b.ExternalIds),
                DatapathType = b.DatapathType,
                LocalIp = mesh is { } m && m.Bridge == b.Name ? m.LocalIp : null,
                Ports = b.Ports.ToDictionary(p => p.Name, PortOf, StringComparer.Ordinal),
            },
            StringComparer.Ordinal);

    private static PortStatus PortOf(ObservedPort port)
    {
        var iface = port.Interfaces.Count > 0 ? port.Interfaces[0] : null;
        return new PortStatus
        {
            Managed = OvsOwnership.IsOwned(port.ExternalIds),
            Type = iface?.Type is { Length: > 0 } type ? type : "system",
            Peer = iface is null ? null : iface.Options.GetValueOrDefault("remote_ip") ?? iface.Options.GetValueOrDefault("peer"),
            LinkState = iface?.LinkState,
        };
    }

    private Dictionary<string, AppStatus> AppsOf(DesiredState desired, PassResult pass)
    {
        // The observation precedes the pass's steps; the verification pass that follows every
        // change observes (and reports) its result.
        // The container under the app's name, not a previous version kept aside for a rollback.
        var observed = pass.Observed.Containers.GroupBy(c => c.App, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(PreviousVersion.Is).First(), StringComparer.Ordinal);
        var result = new Dictionary<string, AppStatus>(StringComparer.Ordinal);
        foreach (var (name, app) in desired.Apps)
        {
            var container = observed.GetValueOrDefault(name);
            result[name] = new AppStatus
            {
                Desired = app.Running ? DesiredAppState.Running : DesiredAppState.Stopped,
                Observed = container is null ? "missing"
                    : pass.RolledBack.ContainsKey(name) ? "rolled-back"
                    : pass.CrashLooping.Contains(name) ? "crash-looping"
                    : container.Running ? "running" : "stopped",
                Image = app.Spec.Image,
                ImageId = container?.ImageId,
                Limits = app.Resources == ResourceLimits.None ? null : app.Resources.ToString(),
                Restarts = container?.RestartCount ?? 0,
                ExitCode = container?.ExitCode,
                StartedAt = container?.StartedAt,
                FinishedAt = container?.FinishedAt,
                Health = container?.Health,
                LastError = pass.RolledBack.TryGetValue(name, out var why) ? "rolled back: " + why : appErrors.GetValueOrDefault(name),
            };
        }

        foreach (var (name, container) in observed.Where(o => !desired.Apps.ContainsKey(o.Key)))
        {
            result[name] = new AppStatus
            {
                Desired = DesiredAppState.Absent,
                Observed = container.Running ? "running" : "stopped",
                ImageId = container.ImageId,
                Restarts = container.RestartCount,
                ExitCode = container.ExitCode,
                StartedAt = container.StartedAt,
                FinishedAt = container.FinishedAt,
                LastError = appErrors.GetValueOrDefault(name),
            };
        }

        return result;
    }
}
