using System.CommandLine;
using System.Runtime.InteropServices;
using EdgeCtl;
using EdgeCtl.Commands;

var root = new RootCommand("edgectl: keys, trust roots and signed manifests for EdgeAgent fleets")
{
    KeyCommands.Build(),
    RootCommands.Build(),
    ManifestCommands.Build(),
    CaCommands.BuildCa(),
    CaCommands.BuildCert(),
    DeviceCommands.Build(),
    BrokerCommands.Build(),
    FleetCommands.Build(),
    RolloutCommands.Build(),
    LogsCommand.Build(),
    SupportBundleCommand.Build(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"edgectl: {error.Message}");
    }

    Console.Error.WriteLine("Try 'edgectl --help'.");
    return 2;
}

// SIGINT and SIGTERM stop every command, whatever the broker is doing (README "Exit codes"): the
// command's token is cancelled, it has a moment to disconnect, and edgectl exits 130 or 143.
using var stopping = new CancellationTokenSource();
var signalled = new TaskCompletionSource<PosixSignal>(TaskCreationOptions.RunContinuationsAsynchronously);
void Stop(PosixSignalContext context)
{
    context.Cancel = true; // edgectl ends itself, below
    if (signalled.TrySetResult(context.Signal))
    {
        _ = Task.Run(stopping.Cancel); // cancellation callbacks run off the runtime's signal thread
    }
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
try
{
    var command = parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, stopping.Token);
    await Task.WhenAny(command, signalled.Task).ConfigureAwait(false);
    if (!signalled.Task.IsCompleted)
    {
        return await command.ConfigureAwait(false);
    }

    // Signalled (the signal is recorded before the token is cancelled): whatever the command ended
    // with meanwhile (a cancellation surfacing as an exception) is not its result.

    var signal = await signalled.Task.ConfigureAwait(false);
    await Task.WhenAny(command, Task.Delay(TimeSpan.FromMilliseconds(500))).ConfigureAwait(false);
    Console.Error.WriteLine(signal == PosixSignal.SIGINT ? "edgectl: interrupted" : "edgectl: terminated");
    return signal == PosixSignal.SIGINT ? 130 : 143;
}
catch (CliException ex)
{
    Console.Error.WriteLine($"edgectl: {TerminalText.Escape(ex.Message)}");
    return ex.ExitCode;
}
catch (MQTTnet.Exceptions.MqttCommunicationException ex)
{
    // e.g. another edgectl with the operator identity took the connection over mid-command.
    Console.Error.WriteLine($"edgectl: lost the broker connection: {TerminalText.Escape(ex.Message)}; nothing after the last printed line was done, run the command again");
    return 1;
}
