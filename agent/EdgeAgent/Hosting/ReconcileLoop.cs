using EdgeAgent.Core.Reconciliation;
using EdgeAgent.SelfUpdate;
using Microsoft.Extensions.Hosting;

namespace EdgeAgent.Hosting;

/// <summary>
/// The daemon's heart: one pass at start, on every trigger and when the schedule says. Each turn takes
/// in new desired state, runs a pass, lets the agent update itself, reports, and pings the watchdog;
/// <see cref="PassSchedule"/> decides when the next turn comes.
/// </summary>
internal sealed class ReconcileLoop(AgentInputs inputs, PassRunner passes, PassSchedule schedule, PassWait wait, SelfUpdater? selfUpdate) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await inputs.RestoreAsync(stoppingToken).ConfigureAwait(false);
        await (selfUpdate?.StartAsync(stoppingToken) ?? Task.CompletedTask).ConfigureAwait(false);

        using var watcher = wait.Watch(inputs.File);
        var state = new PassScheduleState();
        var reason = "startup";
        while (!stoppingToken.IsCancellationRequested)
        {
            await inputs.TakeAsync(stoppingToken).ConfigureAwait(false);
            var outcome = await passes.RunAsync(inputs.Current?.Desired, reason, stoppingToken).ConfigureAwait(false);
            await (selfUpdate?.AfterPassAsync(inputs.Current?.Manifest?.Spec.Agent, outcome.Completed, stoppingToken) ?? Task.CompletedTask).ConfigureAwait(false);
            passes.Report();
            wait.Ping();

            var next = schedule.Next(outcome, state, wait.Now);
            state = next.State;
            reason = next.WakeAt is { } wakeAt
                ? await wait.UntilAsync(wakeAt, stoppingToken).ConfigureAwait(false) ?? next.Reason
                : next.Reason;
        }
    }
}
