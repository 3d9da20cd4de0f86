using System.CommandLine;
using EdgeAgent.Configuration;

namespace EdgeAgent.Commands;

/// <summary>The public command line of edge-agent (README "Commands").</summary>
internal static class AgentCommandLine
{
    public static RootCommand Build()
    {
        var configOption = new Option<string?>("--config") { Description = $"Agent configuration file (default {AgentOptions.DefaultPath})" };

        var run = new Command("run", "Run the agent daemon (systemd Type=notify)") { configOption };
        run.SetAction((parse, cancellationToken) => WithConfig(parse.GetValue(configOption), createStateDir: true, options =>
            RunCommand.RunAsync(options, null, false, cancellationToken), cancellationToken));

        var manifestOption = new Option<string>("--manifest") { Description = "Manifest file to apply", Required = true };
        var onceOption = new Option<bool>("--once") { Description = "Reconcile until converged, print what was done, and exit (0 when converged)" };
        var dryRunOption = new Option<bool>("--dry-run") { Description = "Print the plan and change nothing" };
        var allowUnsignedOption = new Option<bool>("--allow-unsigned") { Description = "Accept a bare, unsigned manifest (development only)" };
        var apply = new Command("apply", "Reconcile this device from a manifest file") { manifestOption, onceOption, dryRunOption, allowUnsignedOption, configOption };
        apply.SetAction((parse, cancellationToken) => WithConfig(parse.GetValue(configOption), createStateDir: !parse.GetValue(dryRunOption), options =>
            ApplyCommand.RunAsync(
                options,
                parse.GetValue(manifestOption)!,
                parse.GetValue(onceOption),
                parse.GetValue(dryRunOption),
                parse.GetValue(allowUnsignedOption),
                cancellationToken), cancellationToken));

        return new RootCommand("EdgeAgent: reconciles this device's containers to signed desired state") { run, apply };
    }

    private static async Task<int> WithConfig(string? path, bool createStateDir, Func<AgentSettings, Task<int>> action, CancellationToken cancellationToken)
    {
        AgentSettings options;
        try
        {
            options = AgentConfiguration.Load(path);
        }
        catch (ConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"edge-agent: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (await StartupChecks.ProblemAsync(options, createStateDir, cancellationToken).ConfigureAwait(false) is { } problem)
        {
            await Console.Error.WriteLineAsync($"edge-agent: {problem}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await action(options).ConfigureAwait(false);
    }
}
