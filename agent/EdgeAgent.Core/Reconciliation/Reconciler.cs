using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Ovs;
using EdgeAgent.Core.Planning;
using EdgeAgent.Core.Ports;

namespace EdgeAgent.Core.Reconciliation;

/// <summary>
/// Observe, plan, execute: one level-triggered pass over the whole device. Open vSwitch comes first
/// (Docker networks attach to its bridges), then the containers.
/// </summary>
public sealed class Reconciler(
    IContainerRuntime runtime,
    PlanRunner runner,
    IOvsSwitch? ovs = null,
    IReadOnlySet<string>? protectedInterfaces = null,
    IHostLinks? links = null,
    TimeProvider? time = null)
{
    /// <summary>How long an internal port may take to appear after its transaction (ovs-vswitchd creates it asynchronously).</summary>
    private static readonly TimeSpan InterfaceWait = TimeSpan.FromSeconds(5);

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

            var addressed = dryRun ? [] : await EnsureAddressesAsync(desired, cancellationToken).ConfigureAwait(false);
            return (addressed.Count == 0 ? plan : plan with { Changes = [.. plan.Changes, .. addressed] }, null);
        }
        catch (StepFailedException ex)
        {
            return (OvsPlan.Empty, ex.Message);
        }
    }

    /// <summary>Adds the missing addresses of internal ports (addresses the agent did not ask for are left alone).</summary>
    private async Task<List<OvsChange>> EnsureAddressesAsync(DesiredOvs desired, CancellationToken cancellationToken)
    {
        var added = new List<OvsChange>();
        if (links is null)
        {
            return added;
        }

        var clock = time ?? TimeProvider.System;
        foreach (var port in desired.Bridges.Values.SelectMany(b => b.Ports.Values).Where(p => p.Addresses.Count > 0))
        {
            var deadline = clock.GetUtcNow() + InterfaceWait;
            var current = await links.AddressesAsync(port.Name, cancellationToken).ConfigureAwait(false);
            while (current is null && clock.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), clock, cancellationToken).ConfigureAwait(false);
                current = await links.AddressesAsync(port.Name, cancellationToken).ConfigureAwait(false);
            }

            if (current is null)
            {
                throw new StepFailedException(FailureKind.Retryable, $"interface {port.Name} did not appear; is ovs-vswitchd running?");
            }

            foreach (var address in port.Addresses.Where(a => !current.Contains(a, StringComparer.Ordinal)))
            {
                await links.AddAddressAsync(port.Name, address, cancellationToken).ConfigureAwait(false);
                added.Add(new AssignAddress(port.Name, address));
            }
        }

        return added;
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
