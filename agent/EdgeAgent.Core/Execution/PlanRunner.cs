using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Execution;

/// <summary>
/// Executes a plan as a dependency graph: independent steps run in parallel (bounded), each step
/// retries retryable failures with capped exponential backoff on the <see cref="TimeProvider"/>,
/// and a failure skips only the steps that depend on it. When more steps are ready than may run,
/// the one with the longest chain of steps still to come after it goes first (critical path first),
/// so a dependency chain (a database, then the app that needs it, then its proxy) is not queued
/// behind steps that nothing waits for.
/// </summary>
public sealed class PlanRunner(IContainerRuntime runtime, TimeProvider time, RetryPolicy? retry = null, int maxParallelism = 8)
{
    private readonly RetryPolicy retry = retry ?? RetryPolicy.Default;

    /// <summary>Called as each step finishes, from the thread that ran it.</summary>
    public event Action<StepResult>? StepFinished;

    public async Task<IReadOnlyList<StepResult>> ExecuteAsync(Plan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var gate = new PriorityGate(maxParallelism);
        var chains = ChainLengths(plan);
        var tasks = new Dictionary<int, Task<StepResult>>();
        foreach (var step in plan.Steps)
        {
            var dependencies = step.DependsOn.Select(id => tasks[id]).ToArray();
            tasks[step.Id] = RunAfterAsync(step, dependencies, gate, chains[step.Id], cancellationToken);
        }

        return await Task.WhenAll(tasks.Values).ConfigureAwait(false);
    }

    /// <summary>For each step, the number of steps on the longest path from it to the end of the plan, itself included.</summary>
    internal static IReadOnlyDictionary<int, int> ChainLengths(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var lengths = plan.Steps.ToDictionary(s => s.Id, _ => 1);

        // Steps depend only on earlier ones: walking backwards, every dependent is final before its dependencies.
        foreach (var step in plan.Steps.Reverse())
        {
            foreach (var dependency in step.DependsOn)
            {
                lengths[dependency] = Math.Max(lengths[dependency], lengths[step.Id] + 1);
            }
        }

        return lengths;
    }

    private async Task<StepResult> RunAfterAsync(PlanStep step, Task<StepResult>[] dependencies, PriorityGate gate, int chainLength, CancellationToken cancellationToken)
    {
        var before = await Task.WhenAll(dependencies).ConfigureAwait(false);
        var blocker = before.FirstOrDefault(r => r.Outcome != StepOutcome.Succeeded);
        StepResult result;
        if (blocker is not null)
        {
            result = new StepResult(step, StepOutcome.Skipped, 0, $"step #{blocker.Step.Id} ({blocker.Step.Describe()}) did not succeed");
        }
        else
        {
            await gate.WaitAsync(chainLength, step.Id, cancellationToken).ConfigureAwait(false);
            try
            {
                var started = time.GetTimestamp();
                result = await RunWithRetryAsync(step, cancellationToken).ConfigureAwait(false);
                result = result with { Elapsed = time.GetElapsedTime(started) };
            }
            finally
            {
                gate.Release();
            }
        }

        StepFinished?.Invoke(result);
        return result;
    }

    private async Task<StepResult> RunWithRetryAsync(PlanStep step, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            FailureKind kind;
            string error;
            try
            {
                await StepCommands.ExecuteAsync(step, runtime, cancellationToken).ConfigureAwait(false);
                return new StepResult(step, StepOutcome.Succeeded, attempt);
            }
            catch (StepFailedException ex)
            {
                kind = ex.Kind;
                error = ex.Message;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Unclassified: assume transient, bounded by MaxAttempts.
                kind = FailureKind.Retryable;
                error = ex.Message;
            }

            if (kind == FailureKind.Terminal || attempt >= retry.MaxAttempts)
            {
                return new StepResult(step, StepOutcome.Failed, attempt, error, kind);
            }

            await Task.Delay(retry.DelayAfter(attempt), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
