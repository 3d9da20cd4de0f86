namespace EdgeAgent.Core.Execution;

/// <summary>
/// A fixed number of slots handed out by priority rather than by arrival: among the steps waiting
/// for a slot, the highest priority goes first, then the earliest order. Hand-written because
/// SemaphoreSlim has no notion of priority.
/// </summary>
internal sealed class PriorityGate(int slots)
{
    private readonly Lock sync = new();
    private readonly PriorityQueue<TaskCompletionSource, (int Priority, int Order)> waiting = new(Comparer<(int Priority, int Order)>.Create(
        (a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : a.Order.CompareTo(b.Order)));

    private int free = Math.Max(1, slots);

    /// <summary>Completes when the caller holds a slot; every successful wait must be followed by one <see cref="Release"/>.</summary>
    public async Task WaitAsync(int priority, int order, CancellationToken cancellationToken)
    {
        TaskCompletionSource granted;
        lock (sync)
        {
            if (free > 0)
            {
                free--;
                return;
            }

            granted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting.Enqueue(granted, (priority, order));
        }

        // A cancelled waiter stays queued; Release skips it (TrySetResult fails on a cancelled task).
        using (cancellationToken.Register(() => granted.TrySetCanceled(cancellationToken)))
        {
            await granted.Task.ConfigureAwait(false);
        }
    }

    public void Release()
    {
        lock (sync)
        {
            while (waiting.TryDequeue(out var next, out _))
            {
                if (next.TrySetResult())
                {
                    return; // the slot passes straight to the waiter
                }
            }

            free++;
        }
    }
}
