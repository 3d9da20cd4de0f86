using EdgeAgent.Configuration;
using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Planning;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Hosting;
using EdgeAgent.Shared;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Commands;

/// <summary>`edge-agent apply`: reconcile from a file, once (--once), as a plan only (--dry-run), or continuously.</summary>
internal static class ApplyCommand
{
    /// <summary>Passes before --once gives up: create, then verify, with room for a retry.</summary>
    private const int MaxPasses = 4;

    public static async Task<int> RunAsync(AgentSettings options, string manifestPath, bool once, bool dryRun, bool allowUnsigned, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = RegularFile.ReadAllBytes(manifestPath, EnvelopeVerifier.MaxEnvelopeBytes);
        }
        catch (InputTooLargeException ex)
        {
            await Console.Error.WriteLineAsync($"edge-agent: {manifestPath}: rejected ({RejectionReason.Oversize.Code()}):{Environment.NewLine}  {ex.Message}").ConfigureAwait(false);
            await Console.Error.WriteLineAsync("edge-agent: nothing was changed on this device").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"edge-agent: cannot read {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (!once && !dryRun)
        {
            return await RunCommand.RunAsync(options, manifestPath, allowUnsigned, null, null, cancellationToken).ConfigureAwait(false);
        }

        using var loggers = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(LogLevels.FromEnvironment()));
        await using var device = new DevicePorts(options, loggers, TimeProvider.System);

        // One pass or a plan, here and now: no broker session, whatever agent.json says.
        var agent = AgentGraph.Build(options with { ManifestFile = manifestPath, AllowUnsigned = allowUnsigned || options.AllowUnsigned, Broker = null }, device.Ports, loggers, TimeProvider.System);

        // A dry run writes nothing, not even last-known-good.
        var evaluation = await agent.Feed.OfferAsync(DesiredStreams.LocalStream, bytes, persist: !dryRun, cancellationToken).ConfigureAwait(false);
        if (evaluation.Merged is not { Accepted: true } admission)
        {
            await Console.Error.WriteLineAsync($"edge-agent: {manifestPath}: rejected ({evaluation.Reason?.Code()}):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", evaluation.Errors)}").ConfigureAwait(false);
            await Console.Error.WriteLineAsync("edge-agent: nothing was changed on this device").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        Console.WriteLine($"manifest {admission.Manifest!.Metadata.Name} v{admission.Manifest.Metadata.Version}: admitted ({admission.Desired!.Apps.Count} app(s), {admission.Desired.Networks.Count} network(s))");
        try
        {
            if (dryRun)
            {
                var plan = await agent.Reconciler.RunPassAsync(admission.Desired, dryRun: true, cancellationToken).ConfigureAwait(false);
                Console.WriteLine("plan (dry run, nothing changed):");
                if (!plan.Ovs.IsEmpty || plan.Ovs.Problems.Count > 0 || plan.OvsError is not null)
                {
                    Console.WriteLine(Indent("Open vSwitch: " + (plan.OvsError ?? plan.Ovs.ToString()).Replace(Environment.NewLine, Environment.NewLine + "  ", StringComparison.Ordinal)));
                }

                Console.WriteLine(Indent(plan.Plan.ToString()));
                return ExitCodes.Ok;
            }

            var converged = await agent.Reconciler.ConvergeAsync(admission.Desired, MaxPasses, cancellationToken).ConfigureAwait(false);
            var (changes, last) = await ProbationWait.RunAsync(agent.Reconciler, admission.Desired, converged[^1], MaxPasses, cancellationToken).ConfigureAwait(false);
            List<PassResult> passes = [.. converged, .. changes];
            for (var i = 0; i < passes.Count; i++)
            {
                var report = PassReport.Of(passes[i]);
                Console.WriteLine($"pass {i + 1}: {report.Headline}");
                foreach (var line in report.Lines)
                {
                    Console.WriteLine((line.Kind is PassLineKind.Problem or PassLineKind.SwitchError or PassLineKind.RolledBack or PassLineKind.StateSetAside ? "  ! " : "  ") + line.Text);
                }
            }

            if (last.Converged && last.RolledBack.Count > 0)
            {
                foreach (var (app, why) in last.RolledBack)
                {
                    await Console.Error.WriteLineAsync($"edge-agent: app {app} rolled back to its previous version: {why}").ConfigureAwait(false);
                }

                await Console.Error.WriteLineAsync($"edge-agent: manifest v{admission.Manifest.Metadata.Version} is not tried again on this device; publish a newer version").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            if (last.Converged)
            {
                Console.WriteLine($"converged: {Summary(admission.Desired, last.Observed)}");
                return ExitCodes.Ok;
            }

            var failures = passes.SelectMany(p => p.Results).Count(r => r.Outcome == StepOutcome.Failed);
            await Console.Error.WriteLineAsync($"edge-agent: not converged after {passes.Count} pass(es): {failures} failed step(s), {last.Plan.Problems.Count + last.Ovs.Problems.Count + (last.OvsError is null ? 0 : 1)} problem(s)").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (StepFailedException ex)
        {
            await Console.Error.WriteLineAsync($"edge-agent: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }

    private static string Summary(DesiredState desired, ObservedState observed)
    {
        var running = observed.Containers.Count(c => c.Running && desired.Apps.ContainsKey(c.App));
        var stopped = desired.Apps.Values.Count(a => !a.Running);
        return $"{running} app(s) running" + (stopped > 0 ? $", {stopped} stopped as desired" : "");
    }

    private static string Indent(string text) =>
        string.Join(Environment.NewLine, text.Split(Environment.NewLine).Select(l => "  " + l));
}
