namespace EdgeCtl.Dashboard;

/// <summary>
/// Keeps <see cref="DashboardState"/> fed from the broker: subscribes to the reports and, when the
/// identity may read them, the desired topics (for drift); reconnects with backoff when the broker
/// goes away, and says so on the page meanwhile.
/// </summary>
internal static class DashboardFeed
{
    public static async Task RunAsync(Func<CancellationToken, Task<BrokerConnection>> connect, DashboardState state, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await connect(cancellationToken).ConfigureAwait(false);
                await connection.SubscribeAsync(DashboardState.Reports, state.Apply, cancellationToken).ConfigureAwait(false);
                try
                {
                    await connection.SubscribeMoreAsync(DashboardState.DesiredTopics, cancellationToken).ConfigureAwait(false);
                }
                catch (CliException ex)
                {
                    await Console.Error.WriteLineAsync($"edgectl: {TerminalText.Escape(ex.Message)}: drift (applied against published) is not shown; broker-config's edge-monitor may read the desired topics").ConfigureAwait(false);
                }

                failures = 0;
                state.SetConnected(true);
                await connection.Disconnected.WaitAsync(cancellationToken).ConfigureAwait(false);
                state.SetConnected(false);
                await Console.Error.WriteLineAsync("edgectl: disconnected from the broker; reconnecting").ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is CliException { ExitCode: 1 } or MQTTnet.Exceptions.MqttCommunicationException)
            {
                state.SetConnected(false);
                failures++;
                await Console.Error.WriteLineAsync($"edgectl: {TerminalText.Escape(ex.Message)}; retrying").ConfigureAwait(false);
            }

            if (!await ReconnectDelay.WaitAsync(failures, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }
}
