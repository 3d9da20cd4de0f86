using System.CommandLine;
using EdgeAgent.Core.Requests;
using EdgeAgent.Shared;
using EdgeCtl.Requests;

namespace EdgeCtl.Commands;

/// <summary>
/// `edgectl support-bundle`: everything someone who has never seen a device needs to look into a
/// problem, asked for with a signed request and written as one tar.gz (README "Support bundle").
/// </summary>
internal static class SupportBundleCommand
{
    public static Command Build()
    {
        var broker = new BrokerArguments();
        var deviceOption = new Option<string>("--device") { Description = "The device", Required = true };
        var outOption = new Option<string>("--out") { Description = "The archive to write (FILE.tar.gz, readable by its owner only)", Required = true };
        var sinceOption = new Option<string?>("--since") { Description = "Only log lines from the last 10m, 2h, 1d..." };
        var tailOption = new Option<int>("--tail") { Description = "At most this many log lines per source", DefaultValueFactory = _ => 1000 };
        var signOption = new Option<string>("--sign-key") { Description = "A key of the trust root's requests role (private PEM)", Required = true };
        var command = new Command("support-bundle", "Gather a device's status, events, logs and containers' configuration (secrets redacted) into a tar.gz, over MQTT")
        {
            deviceOption, outOption, sinceOption, tailOption, signOption,
        };
        broker.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var outPath = parse.GetValue(outOption)!;
            CheckOutput(outPath);
            var request = DeviceRequest.Create(
                parse.GetValue(deviceOption)!,
                RequestAction.SupportBundle,
                new LogsQuery { SinceSeconds = LogsCommand.SinceSeconds(parse.GetValue(sinceOption)), Tail = parse.GetValue(tailOption) },
                TimeSpan.FromMinutes(3));
            var envelope = DeviceRequest.Sign(request, parse.GetValue(signOption)!);
            var archive = new SupportBundleArchive();
            string? note = null;
            await using (var connection = await broker.ConnectAsync(parse, cancellationToken).ConfigureAwait(false))
            {
                await foreach (var chunk in DeviceRequest.AskAsync(connection, request, envelope, cancellationToken).ConfigureAwait(false))
                {
                    archive.Add(chunk);
                    note = chunk.Final ? chunk.Message : note;
                }
            }

            archive.Write(outPath, new BundleSummary
            {
                Device = request.Device,
                RequestId = request.Id,
                RequestedAt = request.IssuedAt,
                ReceivedAt = DateTimeOffset.UtcNow,
                Complete = note is null,
                Note = note,
                Files = [],
            });
            Console.WriteLine($"{outPath}: support bundle of {request.Device}, {archive.Paths.Count} files{(note is null ? "" : $" ({TerminalText.Escape(note)})")}");
            if (archive.IgnoredChunks > 0)
            {
                await Console.Error.WriteLineAsync($"edgectl: {archive.IgnoredChunks} chunk(s) named no file of a bundle and were left out").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    /// <summary>Before anything is asked of the device: the archive can be written where it is meant to go.</summary>
    private static void CheckOutput(string outPath)
    {
        if (RegularFile.NotRegular(outPath) is { } what)
        {
            throw CliException.Usage($"--out: {outPath} is {what}; name a new or regular file (e.g. pi-07.tar.gz)");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
        if (!Directory.Exists(directory))
        {
            throw CliException.Usage($"--out: the directory {directory} does not exist");
        }
    }
}
