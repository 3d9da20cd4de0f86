using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Execution;

/// <summary>
/// Interfaces that ovs-vswitchd creates asynchronously after a transaction: only those are worth
/// waiting for. An interface missing for any other reason means no ovs-vswitchd, and waiting for
/// it would stall every pass.
/// </summary>
internal static class CreatedInterfaces
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The interfaces a set of applied changes creates (or recreates).</summary>
    public static IReadOnlySet<string> By(IEnumerable<OvsChange> changes) =>
        changes.SelectMany(c => c switch
        {
            CreateBridge create => create.Bridge.Ports.Keys.Append(create.Bridge.Name), // its own interface always
            AddPort add => [add.Port.Name],
            UpdatePort update => [update.Port.Name],
            _ => Enumerable.Empty<string>(),
        }).ToHashSet(StringComparer.Ordinal);

    /// <summary>Looks the interface up, polling for up to <paramref name="wait"/> while it does not exist.</summary>
    public static async Task<T?> AwaitAsync<T>(Func<Task<T?>> look, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
        where T : class
    {
        var deadline = time.GetUtcNow() + wait;
        var found = await look().ConfigureAwait(false);
        while (found is null && time.GetUtcNow() < deadline)
        {
            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            found = await look().ConfigureAwait(false);
        }

        return found;
    }
}
