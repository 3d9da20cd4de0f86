namespace EdgeCtl;

/// <summary>How long a watching edgectl waits before connecting again: 1 s doubling to 30 s with the failures in a row.</summary>
internal static class ReconnectDelay
{
    public static TimeSpan After(int failures) => TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(failures, 5)));

    /// <summary>Waits; false when cancelled meanwhile (the caller stops).</summary>
    public static async Task<bool> WaitAsync(int failures, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(After(failures), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
