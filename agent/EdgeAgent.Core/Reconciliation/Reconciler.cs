using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Reconciliation;

/// <summary>
/// Observe, plan, execute: one level-triggered pass over the whole device. Open vSwitch comes first,
/// then the containers (and their Docker networks), then the Docker networks on OVS bridges are
/// joined to those bridges. Null stages are skipped: without a switch (<paramref name="ovs"/>) there is
/// no network stage, without host links (<paramref name="attacher"/>) no joining, without
/// <paramref name="crashes"/> no crash-loop backoff (tests that need none).
/// </summary>
public sealed class Reconciler(
    IContainerRuntime runtime,
    PlanRunner runner,
    OvsReconciler? ovs,
    NetworkAttacher? attacher,
    CrashLoopTracker? crashes,
    RollbackLedger ledger,
    TimeProvider clock,
    ImageLedger ownImages)
{

    public async Task<PassResult> RunPassAsync(DesiredState desired, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var network = ovs is null ? OvsStageResult.Nothing : await ovs.RunAsync(desired.Ovs, dryRun, cancellationToken).ConfigureAwait(false);

        var setAside = new List<string>();
        Note(setAside, network.StateSetAside);

        var observed = await runtime.ObserveAsync(cancellationToken).ConfigureAwait(false);
        if (crashes is not null)
        {
            Note(setAside, await crashes.RestoreAsync(cancellationToken).ConfigureAwait(false));
            if (!dryRun)
            {
                crashes.Observe(desired, observed);
                await crashes.PersistAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        // A failed probation is recorded before its rollback's first step: a restart finishes the rollback.
        var verdicts = ProbationJudge.Judge(desired, observed, clock.GetUtcNow());
        Note(setAside, await ledger.RestoreAsync(cancellationToken).ConfigureAwait(false));
        var known = ledger.RolledBack(desired);
        if (!dryRun)
        {
            ledger.Update(desired, verdicts.Failed);
            await ledger.PersistAsync(cancellationToken).ConfigureAwait(false);
        }

        var rolledBack = known.ToDictionary(r => r.Key, r => r.Value.Reason, StringComparer.Ordinal);
        foreach (var (app, reason) in verdicts.Failed)
        {
            rolledBack.TryAdd(app, reason);
        }

        Note(setAside, await ownImages.RestoreAsync(cancellationToken).ConfigureAwait(false));
        ownImages.Observe(observed);
        var holds = crashes?.Holds();
        var gates = new UpdateGates
        {
            Holds = holds ?? new Dictionary<string, RestartHold>(),
            RolledBack = rolledBack.ToDictionary(r => r.Key, r => desired.Apps[r.Key].SpecHash, StringComparer.Ordinal),
            ProbationPassed = verdicts.Passed,
            OwnedImages = ownImages.Owned,
        };
        var plan = Planner.Compute(desired, observed, gates);
        var results = dryRun || plan.IsEmpty ? [] : await runner.ExecuteAsync(plan, cancellationToken).ConfigureAwait(false);
        if (!dryRun)
        {
            ownImages.Record(results);
            await ownImages.PersistAsync(cancellationToken).ConfigureAwait(false);
        }

        if (attacher is not null)
        {
            var (attached, errors) = await attacher.RunAsync(desired.Networks.Values, network, dryRun, cancellationToken).ConfigureAwait(false);
            network = network with
            {
                Plan = attached.Count == 0 ? network.Plan : network.Plan with { Changes = [.. network.Plan.Changes, .. attached] },
                Error = errors.Count == 0 ? network.Error : string.Join("; ", (network.Error is null ? errors : [network.Error, .. errors])),
            };
        }

        return new PassResult(plan, results, observed)
        {
            CrashLooping = crashes is null ? [] : [.. desired.Apps.Keys.Where(crashes.IsCrashLooping).Order(StringComparer.Ordinal)],
            HoldsEndAt = holds is { Count: > 0 } ? holds.Values.Min(h => h.Until) : null,
            RolledBack = rolledBack,
            NewlyRolledBack = [.. verdicts.Failed.Keys.Where(a => !known.ContainsKey(a)).Order(StringComparer.Ordinal)],
            OnProbation = [.. verdicts.InProgress.Keys.Order(StringComparer.Ordinal)],
            ProbationEndsAt = verdicts.InProgress.Values.Where(e => e is not null).Min(),
            Ovs = network.Plan,
            OvsError = network.Error,
            OvsRolledBack = network.RolledBack,
            OvsObserved = network.Observed,
            OvsElapsed = network.Elapsed,
            OvsRoundTrips = network.RoundTrips,
            StateSetAside = setAside,
        };
    }

    private static void Note(List<string> setAside, string? why)
    {
        if (why is not null)
        {
            setAside.Add(why);
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
            if (pass.Converged || pass.Results.Any(r => r.FailureKind == FailureKind.Terminal) || pass.Plan.Problems.Count > 0 || pass.OvsRolledBack is not null)
            {
                break;
            }
        }

        return passes;
    }
}
