using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Rollouts;

/// <summary>
/// A rollout as it is kept on the broker, retained at edge/v1/rollouts/{id} (README "Rolling out"):
/// everything another machine needs to watch or resume it, the signed manifest included. Written
/// by the one edgectl process driving it, which refreshes <see cref="UpdatedAt"/> as a heartbeat.
/// </summary>
public sealed record RolloutRecord
{
    public required string Id { get; init; }
    public required string Group { get; init; }

    /// <summary>The version the rollout moves the group to.</summary>
    public required long Version { get; init; }

    /// <summary>The group topic's version when the rollout started: where a failed wave returns to.</summary>
    public long? PreviousVersion { get; init; }

    /// <summary>Base64 of the signed manifest (DSSE envelope) as given to `rollout start`.</summary>
    public required string Envelope { get; init; }

    /// <summary>The devices each wave moves (not cumulative), in order.</summary>
    public required IReadOnlyList<IReadOnlyList<string>> Waves { get; init; }

    public required int HealthSeconds { get; init; }

    /// <summary>How many failed devices a wave tolerates: "5%" or "2".</summary>
    public required string MaxFailures { get; init; }

    /// <summary>How long a wave may take to become healthy; devices not healthy by then count as failed.</summary>
    public required int WaveTimeoutSeconds { get; init; }

    public RolloutPhase Phase { get; init; }

    /// <summary>The wave being moved (index into <see cref="Waves"/>); for a halted rollout, the one that failed.</summary>
    public int Wave { get; init; }

    public DateTimeOffset WaveStartedAt { get; init; }

    /// <summary>The devices counted as failed when the current wave was judged (why it halted).</summary>
    public IReadOnlyList<string> Failed { get; init => field = value ?? []; } = [];

    /// <summary>What happened last, for people.</summary>
    public string? Message { get; init; }

    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// The one rule for a record read from the broker, for every reader (`rollout status`, its list,
    /// resume, pause, abort and the dashboard): the payload retained at edge/v1/rollouts/<paramref name="id"/>
    /// is usable only when it parses, says it is that rollout (of <paramref name="group"/>, when the
    /// reader knows it) and has no <see cref="Problems"/>. A record is only valid at its own topic:
    /// acting on one copied from elsewhere would write another rollout's record.
    /// </summary>
    public static RolloutRecordReading ReadAt(string id, string? group, ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return new(null, null);
        }

        RolloutRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(payload, RolloutJsonContext.Default.RolloutRecord);
        }
        catch (JsonException ex)
        {
            return new(null, $"the retained rollout record of {id} is unreadable: {JsonErrors.WithPath(ex)}");
        }

        if (record is null)
        {
            return new(null, $"the retained rollout record of {id} is unreadable");
        }

        if (record.Id != id || (group is not null && record.Group != group))
        {
            return new(null, $"the retained rollout record at {Topics.Rollout(id)} is unusable: it says it is rollout {TextRules.Quote(record.Id)} of group {TextRules.Quote(record.Group)}");
        }

        return record.Problems() is { Count: > 0 } problems
            ? new(null, $"the retained rollout record of {id} is unusable: {string.Join("; ", problems)}")
            : new(record, null);
    }

    /// <summary>What makes a record read from the broker unusable (empty when it can be driven).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!DeviceName.IsValid(Id) || !DeviceName.IsValid(Group))
        {
            problems.Add($"id and group {DeviceName.Rule}");
        }

        if (Version <= 0 || PreviousVersion >= Version)
        {
            problems.Add($"version {Version} must be positive and above the previous version {PreviousVersion}");
        }

        if (Waves is null || Waves.Count == 0 || Waves.Any(w => w is null || w.Count == 0 || w.Any(d => !DeviceName.IsValidDeviceId(d))))
        {
            problems.Add("waves must be non-empty lists of device ids");
        }
        else if (Wave < 0 || Wave >= Waves.Count)
        {
            problems.Add($"wave {Wave} is not one of the {Waves.Count} waves");
        }

        if (HealthSeconds < 0 || WaveTimeoutSeconds <= 0 || !WaveSize.TryParse(MaxFailures, out _))
        {
            problems.Add("healthSeconds, waveTimeoutSeconds or maxFailures is out of range");
        }

        var envelope = new byte[Envelope?.Length ?? 0];
        if (string.IsNullOrEmpty(Envelope) || !Convert.TryFromBase64String(Envelope, envelope, out var length))
        {
            problems.Add("envelope is not base64");
        }
        else if (ManifestPeek.Version(envelope.AsSpan(0, length)) is var claimed && claimed != Version)
        {
            problems.Add($"the envelope's manifest claims version {claimed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, not the record's {Version}");
        }

        return problems;
    }

    public bool IsFinished => Phase is RolloutPhase.Aborted or RolloutPhase.Completed or RolloutPhase.Superseded;

    /// <summary>Every device of the rollout, in wave order.</summary>
    public IEnumerable<string> AllDevices => Waves.SelectMany(w => w);

    /// <summary>The devices of waves 0 to <see cref="Wave"/>: those that were given the manifest.</summary>
    public IEnumerable<string> Reached => Waves.Take(Wave + 1).SelectMany(w => w);
}
