using System.CommandLine;
using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;
using EdgeCtl.Fleet;

namespace EdgeCtl.Commands;

/// <summary>`edgectl fleet status`: the devices' retained reports as a table, JSON, or a live view.</summary>
internal static class FleetCommands
{
    private static readonly TimeSpan MaxCollect = TimeSpan.FromSeconds(5);

    public static Command Build()
    {
        var broker = new BrokerArguments();
        var watchOption = new Option<bool>("--watch") { Description = "Keep running and redraw on every change (Ctrl+C to stop)" };
        var jsonOption = new Option<bool>("--json") { Description = "Print the devices as JSON (for scripts)" };
        var deviceOption = new Option<string[]>("--device") { Description = "Only these devices (repeatable); unknown ones are listed as never seen", AllowMultipleArgumentsPerToken = false };
        var status = new Command("status", "Show every device: online, applied version per stream, converged, failing apps. Exit 1 unless all are healthy") { watchOption, jsonOption, deviceOption };
        broker.AddTo(status);
        status.SetAction(async (parse, cancellationToken) =>
        {
            var devices = parse.GetValue(deviceOption) ?? [];
            foreach (var device in devices.Where(d => !DeviceName.IsValidDeviceId(d)))
            {
                throw CliException.Usage($"--device: \"{device}\" {DeviceName.DeviceIdProblem(device)}");
            }

            var view = new FleetView(devices);
            var json = parse.GetValue(jsonOption);
            if (parse.GetValue(watchOption))
            {
                await WatchAsync(parse, broker, view, json, cancellationToken).ConfigureAwait(false);
                return 0;
            }

            await using (var connection = await broker.ConnectAsync(parse, cancellationToken).ConfigureAwait(false))
            {
                await CollectAsync(connection, view, cancellationToken).ConfigureAwait(false);
            }

            Console.WriteLine(Render(view, json));
            return view.AllHealthy ? 0 : 1;
        });
        return new Command("fleet", "Observe the fleet") { status, FleetServeCommand.Build() };
    }

    private static async Task CollectAsync(BrokerConnection connection, FleetView view, CancellationToken cancellationToken)
    {
        var settle = new RetainedSettle();
        var gate = new Lock();
        await connection.SubscribeAsync([Topics.AllStatus, Topics.AllOnline], (topic, payload) =>
        {
            lock (gate)
            {
                view.Apply(topic, payload);
            }

            settle.Touch();
        }, cancellationToken).ConfigureAwait(false);
        await settle.WaitAsync(MaxCollect, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WatchAsync(ParseResult parse, BrokerArguments broker, FleetView view, bool json, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await broker.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
                failures = 0;
                using var changed = new SemaphoreSlim(0);
                var gate = new Lock();
                await connection.SubscribeAsync([Topics.AllStatus, Topics.AllOnline], (topic, payload) =>
                {
                    lock (gate)
                    {
                        if (view.Apply(topic, payload) && changed.CurrentCount == 0)
                        {
                            changed.Release();
                        }
                    }
                }, cancellationToken).ConfigureAwait(false);

                Draw(view, json, gate);
                while (!connection.Disconnected.IsCompleted)
                {
                    var next = changed.WaitAsync(cancellationToken);
                    if (await Task.WhenAny(next, connection.Disconnected).ConfigureAwait(false) == next)
                    {
                        await next.ConfigureAwait(false);
                        await Task.Delay(200, cancellationToken).ConfigureAwait(false); // coalesce a burst of reports
                        Draw(view, json, gate);
                    }
                }

                await Console.Error.WriteLineAsync("edgectl: disconnected from the broker; reconnecting").ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (CliException ex) when (ex.ExitCode == 1)
            {
                failures++;
                await Console.Error.WriteLineAsync($"edgectl: {TerminalText.Escape(ex.Message)}; retrying").ConfigureAwait(false);
            }

            if (!await ReconnectDelay.WaitAsync(failures, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private static void Draw(FleetView view, bool json, Lock gate)
    {
        string text;
        lock (gate)
        {
            text = Render(view, json);
        }

        if (!Console.IsOutputRedirected && !json)
        {
            Console.Write("\u001b[H\u001b[2J"); // redraw in place on a terminal
        }

        Console.WriteLine(text);
        Console.WriteLine();
    }

    private static string Render(FleetView view, bool json) =>
        json ? JsonSerializer.Serialize([.. view.Devices], EdgeCtlJsonContext.Default.ListFleetDevice) : view.RenderTable();
}
