using EdgeAgent.Commands;

var parse = AgentCommandLine.Build().Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"edge-agent: {error.Message}");
    }

    Console.Error.WriteLine("Try 'edge-agent --help'.");
    return ExitCodes.Usage;
}

return await parse.InvokeAsync();
