using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Reconciliation;

namespace EdgeAgent.Commands;

/// <summary>
/// `apply --once` does not return while a new version is on probation: it keeps judging (a pass
/// a second, or as soon as a probation ends) until every app passed or was rolled back.
/// </summary>
internal static class ProbationWait
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>The passes that did something while waiting (the rollbacks), and the last pass.</summary>
    public static async Task<(IReadOnlyList<PassResult> Changes, PassResult Last)> RunAsync(Reconciler reconciler, DesiredState desired, PassResult last, int maxPasses, CancellationToken cancellationToken)
    {
        var changes = new List<PassResult>();
        var announced = "";
        while (last.Converged && last.OnProbation.Count > 0)
        {
            var waiting = string.Join(", ", last.OnProbation);
            if (waiting != announced)
            {
                var until = last.ProbationEndsAt is { } end ? $" (until {end.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ})" : "";
                Console.WriteLine($"on probation: {waiting}{until}");
                announced = waiting;
            }

            var wait = last.ProbationEndsAt is { } ends ? ends - DateTimeOffset.UtcNow : Poll;
            await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > Poll ? Poll : wait, cancellationToken).ConfigureAwait(false);
            var passes = await reconciler.ConvergeAsync(desired, maxPasses, cancellationToken).ConfigureAwait(false);
            changes.AddRange(passes.Where(p => !p.Converged));
            last = passes[^1];
        }

        return (changes, last);
    }
}
