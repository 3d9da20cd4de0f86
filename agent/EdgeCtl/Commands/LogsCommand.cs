using System.CommandLine;
using EdgeAgent.Core.Requests;
using EdgeCtl.Requests;

namespace EdgeCtl.Commands;

/// <summary>`edgectl logs`: a device's agent and container logs over MQTT, asked for with a signed request (README "Logs on request").</summary>
internal static class LogsCommand
{
    public static Command Build()
    {
        var broker = new BrokerArguments();
        var deviceOption = new Option<string>("--device") { Description = "The device", Required = true };
        var appOption = new Option<string?>("--app") { Description = "One managed app, or \"agent\"; default: the agent and every managed app" };
        var sinceOption = new Option<string?>("--since") { Description = "Only lines from the last 10m, 2h, 1d..." };
        var tailOption = new Option<int>("--tail") { Description = "At most this many lines per source", DefaultValueFactory = _ => 200 };
        var followOption = new Option<bool>("--follow") { Description = "Keep printing new lines of one app (--app) for up to 10 minutes" };
        var signOption = new Option<string>("--sign-key") { Description = "A key of the trust root's requests role (private PEM)", Required = true };
        var rawOption = new Option<bool>("--raw") { Description = "Print the lines as the apps wrote them even on a terminal (escape sequences included)" };
        var command = new Command("logs", "Print a device's agent and container logs, asked for over MQTT with a signed request") { deviceOption, appOption, sinceOption, tailOption, followOption, signOption, rawOption };
        broker.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var follow = parse.GetValue(followOption);
            var request = DeviceRequest.Create(
                parse.GetValue(deviceOption)!,
                RequestAction.Logs,
                new LogsQuery
                {
                    App = parse.GetValue(appOption),
                    SinceSeconds = SinceSeconds(parse.GetValue(sinceOption)),
                    Tail = parse.GetValue(tailOption),
                    Follow = follow,
                },
                follow ? TimeSpan.FromMinutes(10) : TimeSpan.FromMinutes(2));
            var envelope = DeviceRequest.Sign(request, parse.GetValue(signOption)!);

            // A log line is the app's own output: kept exact for a file or a pipe (and with --raw), but
            // on a terminal an app's escape sequences could rewrite the screen, so they are shown escaped.
            var raw = parse.GetValue(rawOption) || Console.IsOutputRedirected;
            await using var connection = await broker.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            await foreach (var chunk in DeviceRequest.AskAsync(connection, request, envelope, cancellationToken).ConfigureAwait(false))
            {
                foreach (var line in chunk.Lines)
                {
                    var text = raw ? line : TerminalText.Escape(line);
                    Console.WriteLine(chunk.Source is null ? text : $"[{TerminalText.Escape(chunk.Source)}] {text}");
                }

                if (chunk.Final && chunk.Message is not null)
                {
                    await Console.Error.WriteLineAsync($"edgectl: {TerminalText.Escape(chunk.Message)}").ConfigureAwait(false);
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>--since as seconds for the request (0: everything kept), at most what a request may ask.</summary>
    public static int SinceSeconds(string? since) =>
        since is null ? 0 : (int)Math.Min(RequestParser.MaxSinceSeconds, Durations.Parse(since, "--since").TotalSeconds);
}
