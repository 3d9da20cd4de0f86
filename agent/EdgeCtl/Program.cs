using System.CommandLine;
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

try
{
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (CliException ex)
{
    Console.Error.WriteLine($"edgectl: {ex.Message}");
    return ex.ExitCode;
}
catch (MQTTnet.Exceptions.MqttCommunicationException ex)
{
    // e.g. another edgectl with the operator identity took the connection over mid-command.
    Console.Error.WriteLine($"edgectl: lost the broker connection: {ex.Message}; nothing after the last printed line was done, run the command again");
    return 1;
}
