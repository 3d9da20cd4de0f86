using System.CommandLine;
using EdgeAgent.Configuration;
using EdgeAgent.Provisioning;

namespace EdgeAgent.Commands;

/// <summary>The public command line of edge-agent (README "Commands").</summary>
internal static class AgentCommandLine
{
    public static RootCommand Build()
    {
        var configOption = new Option<string?>("--config") { Description = $"Agent configuration file (default {AgentOptions.DefaultPath})" };

        var bundleOption = new Option<string>("--bundle") { Description = "Provisioning bundle taken at start, if there is a new one", DefaultValueFactory = _ => BootBundle.DefaultDirectory };
        var run = new Command("run", "Run the agent daemon (systemd Type=notify)") { configOption, bundleOption };
        run.SetAction(async (parse, cancellationToken) =>
        {
            // Before the configuration is read: the bundle may bring it.
            var configPath = parse.GetValue(configOption) ?? AgentOptions.DefaultPath;
            var bundle = new BootBundle(parse.GetValue(bundleOption)!, Path.GetDirectoryName(Path.GetFullPath(configPath))!, Path.GetFullPath(configPath));
            var provisioning = await TakeBundleAsync(bundle, cancellationToken).ConfigureAwait(false);
            return await WithConfig(parse.GetValue(configOption), createStateDir: true, options =>
                RunCommand.RunAsync(options, null, false, bundle, provisioning, cancellationToken), cancellationToken).ConfigureAwait(false);
        });

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

    /// <summary>What taking the bundle did, for the log: null when there was no new bundle.</summary>
    private static async Task<(string Text, bool Refused)?> TakeBundleAsync(BootBundle bundle, CancellationToken cancellationToken)
    {
        try
        {
            if (await bundle.TakeAsync(cancellationToken).ConfigureAwait(false) is not { } outcome)
            {
                return null;
            }

            var text = $"Provisioned from {bundle.Directory}{(outcome.Signed ? " (signed by the trusted root)" : "")}: {string.Join(", ", outcome.Taken)}";
            return outcome.Warnings.Count == 0 ? (text, false) : ($"{text}; but {string.Join("; ", outcome.Warnings)}", false);
        }
        catch (BundleException ex) when (!ex.NothingApplied)
        {
            return ($"The provisioning bundle in {bundle.Directory} was taken only in part: {ex.Message}", true);
        }
        catch (Exception ex) when (ex is BundleException or IOException or UnauthorizedAccessException)
        {
            // The device keeps what it had; the log says why (the card can be fixed and the agent restarted).
            return ($"The provisioning bundle in {bundle.Directory} was refused: {ex.Message}; nothing of it was applied", true);
        }
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
