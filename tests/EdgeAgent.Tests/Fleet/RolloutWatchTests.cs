extern alias edgectl;

using EdgeAgent.Core.Intake;
using EdgeAgent.Testing;
using edgectl::EdgeCtl.Rollouts;

namespace EdgeAgent.Tests.Fleet;

/// <summary>
/// RolloutWatch.WaitUntilAsync, the one wait of `rollout status|pause|abort|resume|start` for a
/// retained message that comes late: it returns once a message makes the condition hold, gives up
/// after RolloutWatch.LateRetained, and stops when cancelled.
/// </summary>
public sealed class RolloutWatchTests
{
    private const string Id = "greenhouse-v8";
    private static readonly byte[] Good = File.ReadAllBytes(Path.Combine(CorpusTable.Folder("rollout-records"), "good.json"));

    [Fact]
    public async Task A_condition_that_holds_already_is_not_waited_for()
    {
        var watch = new RolloutWatch(Id, null);
        watch.Apply(Topics.Rollout(Id), Good);
        Assert.True(await watch.WaitUntilAsync(w => w.Record is not null, CancellationToken.None));
    }

    [Fact]
    public async Task A_later_message_that_makes_the_condition_hold_ends_the_wait()
    {
        var watch = new RolloutWatch(Id, null);
        var checks = 0;
        var waiting = watch.WaitUntilAsync(w => Interlocked.Increment(ref checks) > 0 && w.Record is not null, CancellationToken.None);
        for (var i = 0; i < 20; i++)
        {
            watch.Apply(Topics.Status($"pi-{i:00}"), "{}"u8.ToArray()); // messages that change nothing it waits for
        }

        watch.Apply(Topics.Rollout(Id), Good);
        Assert.True(await waiting);
        Assert.Equal(Id, watch.Record!.Id);
        Assert.True(checks >= 2, $"{checks} checks"); // checked again after messages, not only at the start
    }

    [Fact]
    public async Task A_condition_that_never_holds_gives_up_saying_so()
    {
        var watch = new RolloutWatch(Id, null);
        watch.Apply(Topics.Rollout("barn-v3"), Good);
        Assert.False(await watch.WaitUntilAsync(w => w.Record is not null, CancellationToken.None));
        Assert.Null(watch.Record);
    }

    [Fact]
    public async Task Cancelling_stops_the_wait()
    {
        var watch = new RolloutWatch(Id, null);
        using var cancel = new CancellationTokenSource();
        var waiting = watch.WaitUntilAsync(w => w.Record is not null, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
