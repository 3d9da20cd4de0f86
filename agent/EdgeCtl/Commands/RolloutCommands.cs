using System.CommandLine;
using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Rollouts;
using EdgeAgent.Core.Wire;
using EdgeCtl.Rollouts;

namespace EdgeCtl.Commands;

/// <summary>`edgectl rollout start|status|pause|resume|abort` (README "Rolling out").</summary>
internal static class RolloutCommands
{
    public static Command Build()
    {
        var broker = new BrokerArguments();
        var id = new Argument<string>("ID") { Description = "Rollout id (as `rollout start` printed it: GROUP-vVERSION by default)" };
        var optionalId = new Argument<string?>("ID") { Description = "Rollout id; without it, every rollout on the broker", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the rollout record as JSON" };
        var force = new Option<bool>("--force") { Description = "Resume even though another edgectl seems to be driving it" };
        var root = new Option<string>("--root") { Description = "Trust root the rollout's manifest must verify against before anything is published", Required = true };

        var status = new Command("status", "Show a rollout's waves and devices per state, or list every rollout") { optionalId, json };
        status.SetAction((parse, ct) => StatusAsync(parse, broker, parse.GetValue(optionalId), parse.GetValue(json), ct));
        var pause = new Command("pause", "Stop moving waves; the devices reached keep the new manifest") { id };
        pause.SetAction((parse, ct) => ControlAsync(parse, broker, Id(parse.GetValue(id)!), RolloutRequest.Pause, ct));
        var abort = new Command("abort", "Stop, and return every device of the rollout to the group's manifest") { id };
        abort.SetAction((parse, ct) => ControlAsync(parse, broker, Id(parse.GetValue(id)!), RolloutRequest.Abort, ct));
        var resume = new Command("resume", "Drive a paused, halted (its failed wave again) or orphaned rollout from this machine") { id, force, root };
        resume.SetAction((parse, ct) => ResumeAsync(parse, broker, Id(parse.GetValue(id)!), parse.GetValue(root)!, parse.GetValue(force), ct));

        var command = new Command("rollout", "Move a group to a new manifest in waves") { RolloutStartCommand.Build(broker), status, pause, resume, abort };
        foreach (var sub in new[] { status, pause, abort, resume })
        {
            broker.AddTo(sub);
        }

        return command;
    }

    /// <summary>Writes an operator's request for the process driving <paramref name="rolloutId"/> (retained: it also finds it after reconnecting).</summary>
    public static Task RequestAsync(BrokerConnection connection, string rolloutId, RolloutRequest request, CancellationToken cancellationToken) =>
        connection.PublishRetainedAsync(
            Topics.RolloutControl(rolloutId),
            JsonSerializer.SerializeToUtf8Bytes(new RolloutControl(request, DateTimeOffset.UtcNow), RolloutJsonContext.Default.RolloutControl),
            cancellationToken);

    private static async Task<int> ResumeAsync(ParseResult parse, BrokerArguments broker, string rolloutId, string rootFile, bool force, CancellationToken cancellationToken)
    {
        var watch = new RolloutWatch(rolloutId, null);
        await using var link = new RolloutLink(ct => broker.ConnectAsync(parse, ct), watch);
        var connection = await link.EnsureAsync(retry: false, cancellationToken).ConfigureAwait(false);
        var record = Drivable(await ExistingAsync(link, watch, rolloutId, cancellationToken).ConfigureAwait(false));

        // The record comes from the broker: its manifest is published only if it verifies, as `manifest publish` would have it.
        var manifest = RolloutManifest.Read(Convert.FromBase64String(record.Envelope), rootFile, record.Group, $"rollout {rolloutId}'s manifest ({Topics.Rollout(rolloutId)})");
        if (manifest.Metadata.Version != record.Version)
        {
            throw CliException.Failed($"rollout {rolloutId}'s manifest is v{manifest.Metadata.Version}, but its record moves the group to v{record.Version}: refusing to resume it");
        }

        var now = DateTimeOffset.UtcNow;
        if (record.Phase == RolloutPhase.Running && now - record.UpdatedAt < RolloutDriver.LiveWithin && !force)
        {
            throw CliException.Failed($"rollout {rolloutId} was updated {(int)(now - record.UpdatedAt).TotalSeconds}s ago: another edgectl is driving it (pause or abort reach it); if it died, wait {RolloutDriver.LiveWithin.TotalSeconds:0}s or pass --force");
        }

        if (record.IsFinished)
        {
            // Nothing to drive; publishing what the record implies again finishes a step a dead driver left half done.
            // A completed one republishes to the group only over an older version: the group's retained manifest
            // can arrive after the record, so it is given as long as a late record is before it is judged absent.
            if (record.Phase == RolloutPhase.Completed)
            {
                await watch.WaitUntilAsync(w => w.GroupVersion is not null, cancellationToken).ConfigureAwait(false);
            }

            var actions = RolloutStepper.Reassert(record, watch.GroupVersion);
            await RolloutDriver.PublishAsync(connection, record, actions, cancellationToken).ConfigureAwait(false);
            var holds = actions.Any(a => a.Kind == RolloutActionKind.PublishToGroup) ? record.Version : watch.GroupVersion;
            Console.WriteLine($"rollout {rolloutId} is {RolloutProgress.Phase(record.Phase)}: {TerminalText.Escape(record.Message)}; {GroupHolds(record.Group, holds)}");
            return record.Phase == RolloutPhase.Aborted ? 1 : 0;
        }

        await RequestAsync(connection, rolloutId, RolloutRequest.Run, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"resuming rollout {rolloutId} in wave {record.Wave + 1} of {record.Waves.Count}; {GroupHolds(record.Group, watch.GroupVersion)}");
        return await new RolloutDriver(link, watch, TimeProvider.System).RunAsync(RolloutStepper.Resume(record, now), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Pause and abort: the request is written for a live driver; an abort is also carried out here
    /// (releases are idempotent), and with no live driver a pause is written into the record directly.
    /// </summary>
    private static async Task<int> ControlAsync(ParseResult parse, BrokerArguments broker, string rolloutId, RolloutRequest request, CancellationToken cancellationToken)
    {
        var watch = new RolloutWatch(rolloutId, null);
        await using var link = new RolloutLink(ct => broker.ConnectAsync(parse, ct), watch);
        var connection = await link.EnsureAsync(retry: false, cancellationToken).ConfigureAwait(false);
        var record = Drivable(await ExistingAsync(link, watch, rolloutId, cancellationToken).ConfigureAwait(false));
        if (record.IsFinished)
        {
            throw CliException.Failed($"rollout {rolloutId} is already {RolloutProgress.Phase(record.Phase)}: {record.Message}");
        }

        await RequestAsync(connection, rolloutId, request, cancellationToken).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        var live = record.Phase == RolloutPhase.Running && now - record.UpdatedAt < RolloutDriver.LiveWithin;
        var step = request == RolloutRequest.Abort ? RolloutStepper.Abort(record, now) : live ? null : RolloutStepper.Pause(record, now);
        if (step is { Changed: true })
        {
            await connection.PublishRetainedAsync(Topics.Rollout(rolloutId), JsonSerializer.SerializeToUtf8Bytes(step.Record with { UpdatedAt = now }, RolloutJsonContext.Default.RolloutRecord), cancellationToken).ConfigureAwait(false);
            await RolloutDriver.PublishAsync(connection, step.Record, step.Actions, cancellationToken).ConfigureAwait(false);
        }

        Console.WriteLine(step is { Changed: true } ? TerminalText.Escape(step.Record.Message) : $"rollout {rolloutId}: {(request == RolloutRequest.Pause ? "pause" : "abort")} requested; the edgectl driving it acts within seconds (`edgectl rollout status {rolloutId}`)");
        return 0;
    }

    private static async Task<int> StatusAsync(ParseResult parse, BrokerArguments broker, string? rolloutId, bool json, CancellationToken cancellationToken)
    {
        if (rolloutId is null)
        {
            return await RolloutList.PrintAsync(await broker.ConnectAsync(parse, cancellationToken).ConfigureAwait(false), json, cancellationToken).ConfigureAwait(false);
        }

        var watch = new RolloutWatch(Id(rolloutId), null);
        await using var link = new RolloutLink(ct => broker.ConnectAsync(parse, ct), watch);
        await link.EnsureAsync(retry: false, cancellationToken).ConfigureAwait(false);
        var record = await ExistingAsync(link, watch, rolloutId, cancellationToken).ConfigureAwait(false);
        Console.WriteLine(json
            ? JsonSerializer.Serialize(record, RolloutJsonContext.Default.RolloutRecord)
            : RolloutProgress.Table(record, watch.States(record), DateTimeOffset.UtcNow));
        return 0;
    }

    /// <summary>
    /// The named rollout's record. On a loaded broker (or machine) a retained message can arrive after
    /// the silence that ends the retained burst, so a record that was named but not seen yet is
    /// waited for a little longer before saying there is none.
    /// </summary>
    private static async Task<RolloutRecord> ExistingAsync(RolloutLink link, RolloutWatch watch, string rolloutId, CancellationToken cancellationToken)
    {
        await watch.WaitUntilAsync(w => w.Record is not null || w.RecordError is not null, cancellationToken).ConfigureAwait(false);

        await link.FollowFleetAsync(cancellationToken).ConfigureAwait(false);

        return watch.Record ?? throw CliException.Failed(watch.RecordError ?? $"no rollout {rolloutId} on the broker (`edgectl rollout status` lists them)");
    }

    /// <summary>A record this edgectl may act on: one whose phase a newer edgectl added is shown by `status`, never changed.</summary>
    internal static RolloutRecord Drivable(RolloutRecord record) =>
        OpenEnums.IsKnown(record.Phase) ? record : throw CliException.Failed($"rollout {record.Id} is in phase \"{RolloutProgress.Phase(record.Phase)}\", which a newer edgectl wrote and this one does not know: use that version to act on it");

    /// <summary>What the group topic retains, as the broker says now (not as the record remembers it).</summary>
    private static string GroupHolds(string group, long? version) =>
        version is { } v ? $"group {group} holds v{v}" : $"group {group}'s topic holds no manifest";

    private static string Id(string text) =>
        DeviceName.IsValid(text) ? text : throw CliException.Usage($"ID: \"{text}\" {DeviceName.Rule}");
}
