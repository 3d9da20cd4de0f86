using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Ovs;
using EdgeAgent.Core.Planning;
using EdgeAgent.Core.Ports;

namespace EdgeAgent.Core.Reconciliation;

/// <summary>
/// Observe, plan, execute: one level-triggered pass over the whole device. Open vSwitch comes first
/// (Docker networks attach to its bridges), then the containers.
/// </summary>
public sealed class Reconciler(IContainerRuntime runtime, PlanRunner runner, IOvsSwitch? ovs = null, IReadOnlySet<string>? protectedInterfaces = null)
{
    public async Task<PassResult> RunPassAsync(DesiredState desired, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var (ovsPlan, ovsError) = await ReconcileOvsAsync(desired.Ovs, dryRun, cancellationToken).ConfigureAwait(false);

        var observed = await runtime.ObserveAsync(cancellationToken).ConfigureAwait(false);
        var plan = Planner.Compute(desired, observed);
        if (dryRun || plan.IsEmpty)
        {
            return new PassResult(plan, [], observed) { Ovs = ovsPlan, OvsError = ovsError };
        }

        var results = await runner.ExecuteAsync(plan, cancellationToken).ConfigureAwait(false);
        return new PassResult(plan, results, observed) { Ovs = ovsPlan, OvsError = ovsError };
    }

    private async Task<(OvsPlan Plan, string? Error)> ReconcileOvsAsync(DesiredOvs desired, bool dryRun, CancellationToken cancellationToken)
    {
        // A device without Open vSwitch and a manifest without bridges: nothing to do, nothing to report.
        if (ovs is null || (desired.Bridges.Count == 0 && !await ovs.IsAvailableAsync(cancellationToken).ConfigureAwait(false)))
        {
            return (OvsPlan.Empty, null);
        }

        try
        {
            var observed = await ovs.ObserveAsync(cancellationToken).ConfigureAwait(false);
            var plan = OvsPlanner.Compute(desired, observed, protectedInterfaces ?? new HashSet<string>());
            if (!dryRun && !plan.IsEmpty)
            {
                await ovs.ApplyAsync(plan.Changes, cancellationToken).ConfigureAwait(false);
            }

            return (plan, null);
        }
        catch (StepFailedException ex)
        {
            return (OvsPlan.Empty, ex.Message);
        }
    }

    /// <summary>
    /// Runs passes until one plans nothing (converged) or <paramref name="maxPasses"/> is reached.
    /// A pass whose steps all succeeded is verified by the next pass, which must plan zero steps.
    /// </summary>
    public async Task<IReadOnlyList<PassResult>> ConvergeAsync(DesiredState desired, int maxPasses, CancellationToken cancellationToken)
    {
        var passes = new List<PassResult>();
        for (var i = 0; i < maxPasses; i++)
        {
            var pass = await RunPassAsync(desired, dryRun: false, cancellationToken).ConfigureAwait(false);
            passes.Add(pass);
            if (pass.Converged || pass.Results.Any(r => r.FailureKind == FailureKind.Terminal) || pass.Plan.Problems.Count > 0)
            {
                break;
            }
        }

        return passes;
    }
}
