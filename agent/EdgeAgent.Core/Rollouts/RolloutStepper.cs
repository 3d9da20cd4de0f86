namespace EdgeAgent.Core.Rollouts;

/// <summary>
/// The rollout as a pure state machine (README "Rolling out"): from the record, the wave's device
/// states, an operator's request and the group topic's version, the next record and what to publish.
/// The driver writes the record first and publishes after, so a driver killed in between is repaired
/// by <see cref="Reassert"/> when the rollout is resumed.
/// </summary>
public static class RolloutStepper
{
    public static RolloutStep Start(RolloutRecord planned, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(planned);
        var record = planned with { Phase = RolloutPhase.Running, Wave = 0, WaveStartedAt = now, StartedAt = now, UpdatedAt = now, Failed = [], Message = $"wave 1 of {planned.Waves.Count} started" };
        return new RolloutStep(record, [Give(planned.Waves[0])]) { Changed = true };
    }

    /// <summary>
    /// Everything the record implies, published again (all retained, so repeating is harmless); a
    /// completed rollout's manifest goes to the group topic again only while that holds an older
    /// version (<paramref name="groupVersion"/>): never over a newer one published since.
    /// </summary>
    public static IReadOnlyList<RolloutAction> Reassert(RolloutRecord record, long? groupVersion)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Phase switch
        {
            RolloutPhase.Running or RolloutPhase.Paused => [Give([.. record.Reached])],
            RolloutPhase.Halted => [Give([.. record.Waves.Take(record.Wave).SelectMany(w => w)]), Release(record.Waves[record.Wave])],
            RolloutPhase.Aborted => [Release([.. record.AllDevices])],
            RolloutPhase.Completed when groupVersion >= record.Version => [Clear(record)],
            RolloutPhase.Completed => [new RolloutAction(RolloutActionKind.PublishToGroup, []), Clear(record)],
            _ => [Clear(record)],
        };
    }

    /// <summary>How long the current wave's devices may go without applying its manifest before it is given to them again.</summary>
    public static readonly TimeSpan GiveAgainAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The current wave's manifest published again to its devices that have not applied it: a broker
    /// may acknowledge a retained publish it then fails to store (a NATS cluster under load does), and
    /// a device subscribed at QoS 0 that was offline meanwhile would wait for it until the wave timed
    /// out. The same bytes, so a device that has it changes nothing. The driver calls it at most every
    /// <see cref="GiveAgainAfter"/>.
    /// </summary>
    public static IReadOnlyList<RolloutAction> GiveAgain(RolloutRecord record, IReadOnlyDictionary<string, WaveDeviceState> states)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(states);
        if (record.Phase != RolloutPhase.Running)
        {
            return [];
        }

        var pending = record.Waves[record.Wave].Distinct(StringComparer.Ordinal).Where(d => states.GetValueOrDefault(d, WaveDeviceState.Pending) == WaveDeviceState.Pending).ToList();
        return pending.Count == 0 ? [] : [Give(pending)];
    }

    /// <summary>Back to running: a paused rollout goes on, a halted one tries its failed wave again; the health period starts again.</summary>
    public static RolloutStep Resume(RolloutRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.IsFinished)
        {
            return new RolloutStep(record, []);
        }

        var resumed = record with { Phase = RolloutPhase.Running, WaveStartedAt = now, UpdatedAt = now, Failed = [], Message = $"wave {record.Wave + 1} of {record.Waves.Count} resumed" };
        return new RolloutStep(resumed, [Give([.. resumed.Reached])]) { Changed = true };
    }

    public static RolloutStep Pause(RolloutRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Phase != RolloutPhase.Running
            ? new RolloutStep(record, [])
            : new RolloutStep(record with { Phase = RolloutPhase.Paused, UpdatedAt = now, Message = $"paused by an operator in wave {record.Wave + 1}" }, []) { Changed = true };
    }

    /// <summary>Every device of the rollout back to the group's manifest (a release where nothing was given is harmless).</summary>
    public static RolloutStep Abort(RolloutRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.IsFinished
            ? new RolloutStep(record, [])
            : new RolloutStep(record with { Phase = RolloutPhase.Aborted, UpdatedAt = now, Message = $"aborted by an operator in wave {record.Wave + 1}; every device returned to the group's manifest" }, [Release([.. record.AllDevices])]) { Changed = true };
    }

    public static RolloutStep Next(
        RolloutRecord record,
        IReadOnlyDictionary<string, WaveDeviceState> states,
        IReadOnlyDictionary<string, DateTimeOffset> healthySince,
        RolloutControl? control,
        long? groupVersion,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(states);
        if (record.Phase != RolloutPhase.Running)
        {
            return new RolloutStep(record, []);
        }

        if (groupVersion >= record.Version)
        {
            // The group topic caught up (this rollout's last step, or someone published it directly) or moved past it.
            var phase = groupVersion == record.Version ? RolloutPhase.Completed : RolloutPhase.Superseded;
            var message = phase == RolloutPhase.Completed ? $"v{record.Version} is the group's manifest" : $"v{groupVersion} was published to the group topic meanwhile; every device follows it";
            return new RolloutStep(record with { Phase = phase, UpdatedAt = now, Message = message }, [Clear(record)]) { Changed = true };
        }

        switch (control?.Request)
        {
            case RolloutRequest.Abort:
                return Abort(record, now);
            case RolloutRequest.Pause:
                return Pause(record, now);
        }

        var wave = record.Waves[record.Wave];
        var timedOut = now - record.WaveStartedAt >= TimeSpan.FromSeconds(record.WaveTimeoutSeconds);
        var judged = wave.Distinct(StringComparer.Ordinal).ToDictionary(
            d => d,
            d => states.GetValueOrDefault(d, WaveDeviceState.Pending) is var state && timedOut && state is WaveDeviceState.Pending or WaveDeviceState.Applied ? WaveDeviceState.Failed : state,
            StringComparer.Ordinal);
        var failed = judged.Where(d => d.Value == WaveDeviceState.Failed).Select(d => d.Key).Order(StringComparer.Ordinal).ToList();
        var maxFailures = WaveSize.TryParse(record.MaxFailures, out var parsed) ? parsed : default; // edgectl checked it; unreadable tolerates none
        var verdict = WaveJudge.Judge(judged, healthySince, TimeSpan.FromSeconds(record.HealthSeconds), maxFailures, now);
        var number = $"wave {record.Wave + 1} of {record.Waves.Count}";
        switch (verdict)
        {
            case WaveVerdict.Halt:
                var halted = record with
                {
                    Phase = RolloutPhase.Halted,
                    Failed = failed,
                    UpdatedAt = now,
                    Message = $"{number} halted: {failed.Count} of {wave.Count} devices failed ({string.Join(", ", failed.Take(10))}{(failed.Count > 10 ? ", ..." : "")}), more than {record.MaxFailures}; they were returned to {GroupHolds(groupVersion)}",
                };
                return new RolloutStep(halted, [Release(wave)]) { Changed = true };
            case WaveVerdict.Advance when record.Wave == record.Waves.Count - 1:
                var completed = record with { Phase = RolloutPhase.Completed, Failed = failed, UpdatedAt = now, Message = $"every wave passed; v{record.Version} is the group's manifest" };
                return new RolloutStep(completed, [new RolloutAction(RolloutActionKind.PublishToGroup, []), Clear(record)]) { Changed = true };
            case WaveVerdict.Advance:
                var next = record with { Wave = record.Wave + 1, WaveStartedAt = now, Failed = [], UpdatedAt = now, Message = $"{number} passed{(failed.Count > 0 ? $" ({failed.Count} failed, within {record.MaxFailures})" : "")}; wave {record.Wave + 2} started" };
                return new RolloutStep(next, [Give(record.Waves[record.Wave + 1])]) { Changed = true };
            default:
                return new RolloutStep(record, []);
        }
    }

    /// <summary>What a released device goes back to: the version the group topic holds now, which need not be the record's previous version.</summary>
    private static string GroupHolds(long? groupVersion) =>
        groupVersion is { } v ? $"the group's manifest, v{v}" : "the group's manifest";

    private static RolloutAction Give(IReadOnlyList<string> devices) => new(RolloutActionKind.Give, devices);

    private static RolloutAction Release(IReadOnlyList<string> devices) => new(RolloutActionKind.Release, devices);

    private static RolloutAction Clear(RolloutRecord record) => new(RolloutActionKind.Clear, [.. record.AllDevices]);
}
