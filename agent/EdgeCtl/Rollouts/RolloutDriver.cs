using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Rollouts;
using MQTTnet.Exceptions;

namespace EdgeCtl.Rollouts;

/// <summary>
/// Drives one rollout to its end (README "Rolling out"): each second it judges the current wave from
/// the devices' retained status and applies <see cref="RolloutStepper"/>'s step, the record first and
/// the publications after; it refreshes the record as a heartbeat, acts on pause and abort requests,
/// and survives losing the broker (what the record implies is published again on reconnecting).
/// </summary>
internal sealed class RolloutDriver(RolloutLink link, RolloutWatch watch, TimeProvider time)
{
    /// <summary>How often the record is refreshed while nothing changes: `resume` treats a record older than <see cref="LiveWithin"/> as having no driver.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan LiveWithin = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>Runs until the rollout leaves the running phase; returns the exit code (0 completed, superseded or paused; 1 halted or aborted).</summary>
    public async Task<int> RunAsync(RolloutStep first, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(first);
        var record = first.Record;
        var pending = new List<RolloutAction>(first.Actions);
        var writeRecord = first.Changed;
        var healthySince = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var trackedWave = record.Wave;
        var lastBeat = DateTimeOffset.MinValue;
        var givenAt = record.WaveStartedAt;
        string? lastLine = null;
        while (true)
        {
            try
            {
                var connection = await link.EnsureAsync(retry: true, cancellationToken).ConfigureAwait(false);
                if (link.Reconnected && !writeRecord && pending.Count == 0 && lastBeat != DateTimeOffset.MinValue)
                {
                    pending.AddRange(RolloutStepper.Reassert(record, watch.GroupVersion)); // a publish may have been lost with the connection
                }

                link.Reconnected = false;
                var now = time.GetUtcNow();
                if (writeRecord || now - lastBeat >= Heartbeat)
                {
                    record = record with { UpdatedAt = now };
                    await connection.PublishRetainedAsync(Topics.Rollout(record.Id), JsonSerializer.SerializeToUtf8Bytes(record, RolloutJsonContext.Default.RolloutRecord), cancellationToken).ConfigureAwait(false);
                    writeRecord = false;
                    lastBeat = now;
                }

                await PublishAsync(connection, record, pending, cancellationToken).ConfigureAwait(false);
                pending.Clear();
                if (record.Phase != RolloutPhase.Running)
                {
                    Console.WriteLine(RolloutProgress.Line(record, watch.States(record)));
                    Console.WriteLine(TerminalText.Escape(record.Message));
                    return record.Phase is RolloutPhase.Halted or RolloutPhase.Aborted ? 1 : 0;
                }

                var states = watch.States(record);
                if (record.Wave != trackedWave)
                {
                    healthySince.Clear();
                    trackedWave = record.Wave;
                    givenAt = record.WaveStartedAt;
                }

                var wave = record.Waves[record.Wave].ToDictionary(d => d, d => states.GetValueOrDefault(d, WaveDeviceState.Pending), StringComparer.Ordinal);
                healthySince = WaveJudge.Track(wave, healthySince, now);
                var step = RolloutStepper.Next(record, states, healthySince, watch.Control, watch.GroupVersion, now);
                if (step.Changed)
                {
                    record = step.Record;
                    pending.AddRange(step.Actions);
                    writeRecord = true;
                    continue; // write and publish at once
                }

                if (now - givenAt >= RolloutStepper.GiveAgainAfter)
                {
                    pending.AddRange(RolloutStepper.GiveAgain(record, states)); // published at the next tick
                    givenAt = now;
                }

                // On a terminal the waves are redrawn in place; in a log, one line when something changed.
                var line = Console.IsOutputRedirected ? RolloutProgress.Line(record, states) : RolloutProgress.Table(record, states, now);
                if (line != lastLine)
                {
                    Console.Write(Console.IsOutputRedirected ? "" : "\u001b[H\u001b[2J");
                    Console.WriteLine(line);
                    lastLine = line;
                }
            }
            catch (Exception ex) when (ex is MqttCommunicationException or CliException { ExitCode: 1 } or InvalidOperationException)
            {
                // The connection went away mid-publish: the record is written before its actions, so
                // publishing what it implies again after reconnecting finishes the interrupted step.
                await Console.Error.WriteLineAsync($"edgectl: {TerminalText.Escape(ex.Message)}; retrying").ConfigureAwait(false);
                writeRecord = true;
                pending.Clear();
                pending.AddRange(RolloutStepper.Reassert(record, watch.GroupVersion));
            }

            await Task.Delay(Tick, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The publications of a step, in order; devices of one action in parallel batches (a wave can be thousands).</summary>
    public static async Task PublishAsync(BrokerConnection connection, RolloutRecord record, IReadOnlyList<RolloutAction> actions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(actions);
        var envelope = Convert.FromBase64String(record.Envelope);
        foreach (var action in actions)
        {
            if (action.Kind == RolloutActionKind.PublishToGroup)
            {
                await connection.PublishRetainedAsync(Topics.GroupDesired(record.Group), envelope, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var payload = action.Kind switch
            {
                RolloutActionKind.Give => envelope,
                RolloutActionKind.Release => RolloutRelease.Marker.ToArray(),
                _ => [],
            };
            foreach (var batch in action.Devices.Chunk(64))
            {
                await Task.WhenAll(batch.Select(d => connection.PublishRetainedAsync(Topics.DeviceRollout(d, record.Group), payload, cancellationToken))).ConfigureAwait(false);
            }
        }
    }
}
