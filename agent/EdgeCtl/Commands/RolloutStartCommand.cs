using System.CommandLine;
using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Rollouts;
using EdgeCtl.Rollouts;

namespace EdgeCtl.Commands;

/// <summary>`edgectl rollout start`: plans the waves from the group's devices and drives the rollout (README "Rolling out").</summary>
internal static class RolloutStartCommand
{
    /// <summary>The record is one retained message: it must fit broker-config's max_packet_size (512 KiB) with room for the topic and headers.</summary>
    private const int MaxRecordBytes = 480 * 1024;

    public static Command Build(BrokerArguments broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var inOption = new Option<string>("--in") { Description = "Signed manifest envelope targeting the group", Required = true };
        var groupOption = new Option<string>("--group") { Description = "The group to move to it", Required = true };
        var wavesOption = new Option<string>("--waves") { Description = "Cumulative wave sizes: device counts or shares of the group", DefaultValueFactory = _ => "1,10,50,100%" };
        var healthOption = new Option<int>("--health-seconds") { Description = "How long a wave must stay converged with no failing app", DefaultValueFactory = _ => 60 };
        var failuresOption = new Option<string>("--max-failures") { Description = "Failed devices a wave tolerates before the rollout halts: a count or a share of the wave", DefaultValueFactory = _ => "5%" };
        var timeoutOption = new Option<string>("--wave-timeout") { Description = "Devices not healthy this long after their wave started count as failed", DefaultValueFactory = _ => "15m" };
        var firstOption = new Option<string[]>("--first") { Description = "Devices of the first wave (repeatable); the other waves are chosen from the device ids", AllowMultipleArgumentsPerToken = false };
        var deviceOption = new Option<string[]>("--device") { Description = "The devices to move (repeatable); with --devices, each must be in the group there", AllowMultipleArgumentsPerToken = false };
        var devicesOption = new Option<string?>("--devices") { Description = "The fleet's device list (as for `edgectl broker authorization --devices`): the group's devices are those it puts in the group" };
        var idOption = new Option<string?>("--id") { Description = "Rollout id (default: GROUP-vVERSION)" };
        var rootOption = new Option<string?>("--root") { Description = "Trust root the manifest must verify against before anything is published" };
        var command = new Command("start", "Move a group to a signed manifest wave by wave; halt and move the failed wave back when failures pass the threshold")
        {
            inOption, groupOption, wavesOption, healthOption, failuresOption, timeoutOption, firstOption, deviceOption, devicesOption, idOption, rootOption,
        };
        broker.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var group = Name(parse.GetValue(groupOption)!, "--group");
            var envelope = InputFiles.Read(parse.GetValue(inOption)!, EnvelopeVerifier.MaxEnvelopeBytes);
            var manifest = RolloutManifest.Read(envelope, parse.GetValue(rootOption), group, "--in");
            var sizes = Waves(parse.GetValue(wavesOption)!);
            var health = parse.GetValue(healthOption);
            if (health is < 0 or > 86_400)
            {
                throw CliException.Usage($"--health-seconds: {health} is not between 0 and 86400");
            }

            var maxFailures = parse.GetValue(failuresOption)!;
            if (!WaveSize.TryParse(maxFailures, out _))
            {
                throw CliException.Usage($"--max-failures: \"{maxFailures}\" is neither a count (2) nor a share (5%)");
            }

            var waveTimeout = Durations.Parse(parse.GetValue(timeoutOption)!, "--wave-timeout");
            var first = (parse.GetValue(firstOption) ?? []).Select(d => DeviceId(d, "--first")).ToList();
            var named = (parse.GetValue(deviceOption) ?? []).Select(d => DeviceId(d, "--device")).ToList();
            var chosen = RolloutMembers.Chosen(group, parse.GetValue(devicesOption), named);
            var id = parse.GetValue(idOption) is { } given ? Name(given, "--id") : $"{group}-v{manifest.Metadata.Version}";

            var watch = new RolloutWatch(id, group);
            await using var link = new RolloutLink(ct => broker.ConnectAsync(parse, ct), watch);
            await link.EnsureAsync(retry: false, cancellationToken).ConfigureAwait(false);
            if (watch.RecordError is { } unusable)
            {
                // Another group's rollout may be at this id (or garbage): never overwrite what cannot be read.
                throw CliException.Failed($"{unusable}: give another --id");
            }

            if (watch.Record is { IsFinished: false } existing)
            {
                throw CliException.Failed($"rollout {id} exists and is {RolloutProgress.Phase(existing.Phase)}: `edgectl rollout resume {id}` or `edgectl rollout abort {id}` it, or give another --id");
            }

            if (watch.GroupVersion is not { } previous)
            {
                throw CliException.Failed($"{Topics.GroupDesired(group)} holds no manifest: publish the group's first manifest with `edgectl manifest publish`; a rollout moves a group from one manifest to the next, and a failed wave returns to the previous one");
            }

            if (previous >= manifest.Metadata.Version)
            {
                throw CliException.Failed($"the group already has v{previous}; a rollout needs a newer version than that (this manifest is v{manifest.Metadata.Version})");
            }

            await watch.AwaitStatusOfAsync(chosen, cancellationToken).ConfigureAwait(false);
            var members = RolloutMembers.Reconcile(group, chosen, watch.Devices());
            foreach (var line in members.Disagreements)
            {
                await Console.Error.WriteLineAsync("edgectl: " + TerminalText.Escape(line)).ConfigureAwait(false); // groups a device reports: bidi, zero-width
            }

            var devices = members.Devices;
            if (devices.Count == 0)
            {
                throw CliException.Failed($"no device to move: the operator's list puts none in group {group}, or every one reports other groups");
            }

            foreach (var unknown in first.Where(d => !devices.Contains(d)))
            {
                throw CliException.Usage($"--first: {unknown} is not a device of group {group}");
            }

            var planned = new RolloutRecord
            {
                Id = id,
                Group = group,
                Version = manifest.Metadata.Version,
                PreviousVersion = previous,
                Envelope = Convert.ToBase64String(envelope),
                Waves = WavePlan.Compute(id, devices, sizes, first),
                HealthSeconds = health,
                MaxFailures = maxFailures,
                WaveTimeoutSeconds = (int)Math.Min(int.MaxValue, waveTimeout.TotalSeconds),
            };
            var size = JsonSerializer.SerializeToUtf8Bytes(planned, RolloutJsonContext.Default.RolloutRecord).Length;
            if (size > MaxRecordBytes)
            {
                throw CliException.Failed($"the rollout's state would be {size / 1024} KiB with this manifest and {devices.Count} devices, more than the {MaxRecordBytes / 1024} KiB a broker message may carry (broker-config's max_packet_size is 512 KiB): use a smaller manifest, or roll out to part of the group with --device");
            }

            var connection = await link.EnsureAsync(retry: false, cancellationToken).ConfigureAwait(false);
            await RolloutCommands.RequestAsync(connection, id, RolloutRequest.Run, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"rollout {id}: group {group} v{previous} -> v{planned.Version}, {devices.Count} devices in {planned.Waves.Count} waves ({string.Join(", ", planned.Waves.Select(w => w.Count))})");
            return await new RolloutDriver(link, watch, TimeProvider.System).RunAsync(RolloutStepper.Start(planned, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static List<WaveSize> Waves(string text)
    {
        var sizes = new List<WaveSize>();
        foreach (var part in text.Split(','))
        {
            if (!WaveSize.TryParse(part.Trim(), out var size) || size.Amount == 0)
            {
                throw CliException.Usage($"--waves: \"{part}\" is neither a device count (10) nor a share of the group (50%)");
            }

            sizes.Add(size);
        }

        return sizes;
    }

    private static string Name(string text, string option) =>
        DeviceName.IsValid(text) ? text : throw CliException.Usage($"{option}: \"{text}\" {DeviceName.Rule}");

    private static string DeviceId(string text, string option) =>
        DeviceName.DeviceIdProblem(text) is { } problem ? throw CliException.Usage($"{option}: \"{text}\" {problem}") : text;
}
