using System.Threading.Channels;

namespace EdgeAgent.Scheduling;

/// <summary>
/// Wakes the reconcile loop. Requests coalesce: any number of requests while a pass runs cause
/// exactly one more pass, so a burst of Docker events never queues a burst of passes.
/// </summary>
internal sealed class ReconcileTrigger
{
    private readonly Channel<string> requests = Channel.CreateBounded<string>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Request(string reason) => requests.Writer.TryWrite(reason);

    /// <summary>Waits for a request or the timeout; returns the reason, or null on timeout.</summary>
    public async Task<string?> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (requests.Reader.TryRead(out var ready))
        {
            return ready;
        }

        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        try
        {
            await requests.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
            return requests.Reader.TryRead(out var reason) ? reason : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
