using System.CommandLine;
using System.Net;
using EdgeCtl.Dashboard;

namespace EdgeCtl.Commands;

/// <summary>`edgectl fleet serve`: the live dashboard (README "Watching the fleet").</summary>
internal static class FleetServeCommand
{
    public static Command Build()
    {
        var broker = new BrokerArguments();
        var listenOption = new Option<string>("--listen") { Description = "Address and port to serve on; loopback unless you say otherwise (the page has no login)", DefaultValueFactory = _ => "127.0.0.1:8080" };
        var command = new Command("serve", "Serve a live, read-only web dashboard of the fleet (use the edge-monitor identity)") { listenOption };
        broker.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var text = parse.GetValue(listenOption)!;
            if (!IPEndPoint.TryParse(text, out var endpoint) || endpoint.Port == 0)
            {
                throw CliException.Usage($"--listen: \"{text}\" is not ADDRESS:PORT (such as 127.0.0.1:8080)");
            }

            if (!IPAddress.IsLoopback(endpoint.Address))
            {
                await Console.Error.WriteLineAsync($"edgectl: serving on {endpoint}, beyond this machine: the dashboard has no login, so anyone who reaches it sees the fleet").ConfigureAwait(false);
            }

            var state = new DashboardState(TimeProvider.System);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var feed = DashboardFeed.RunAsync(ct => broker.ConnectAsync(parse, ct), state, stop.Token);
            try
            {
                await DashboardServer.RunAsync(endpoint, state, () => Console.WriteLine($"dashboard on http://{endpoint}/ (Ctrl+C to stop)"), stop.Token).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw CliException.Failed($"--listen: cannot serve on {endpoint}: {ex.Message}");
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await feed.ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
