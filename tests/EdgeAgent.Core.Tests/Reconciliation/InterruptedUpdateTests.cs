using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EdgeAgent.Core.Tests.Reconciliation;

/// <summary>
/// An agent killed between any two steps of an update or a rollback: a fresh agent (new reconciler,
/// the same state directory) finishes the job, with no duplicate, orphan or retried failed version.
/// The kill is a step that fails terminally and a reconciler that is thrown away.
/// </summary>
public sealed class InterruptedUpdateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(T0);
    private readonly FakeContainerRuntime runtime = new();
    private readonly MemoryStateStore store = new();

    public InterruptedUpdateTests()
    {
        runtime.Time = time;
        runtime.Images.UnionWith(["edge/web:1", "edge/web:2"]);
    }

    private static DesiredState Web(long version, string image, string strategy) =>
        ProbationTests.Version(version, strategy: strategy, apps: ("web", image));

    private Reconciler NewAgent() => new(runtime, new PlanRunner(runtime, time, new RetryPolicy { MaxAttempts = 1 }), null, null, null, new RollbackLedger(time, store), time, new ImageLedger());

    /// <summary>Fails the <paramref name="n"/>th engine call that changes something, once.</summary>
    private void KillAtChange(int n)
    {
        var changes = 0;
        runtime.FailWhen = call => call != "observe" && ++changes == n ? new StepFailedException(FailureKind.Terminal, "killed") : null;
    }

    private void NoMoreKills() => runtime.FailWhen = _ => null;

    [Theory]
    [InlineData("stop-first", 1)]
    [InlineData("stop-first", 2)]
    [InlineData("stop-first", 3)]
    [InlineData("stop-first", 4)]
    [InlineData("start-first", 1)]
    [InlineData("start-first", 2)]
    [InlineData("start-first", 3)]
    [InlineData("start-first", 4)]
    public async Task An_update_killed_at_any_step_is_finished_by_the_next_agent(string strategy, int killAt)
    {
        await NewAgent().ConvergeAsync(Web(1, "edge/web:1", strategy), 3, default);
        var v1 = runtime.Containers.Values.Single().Id;

        KillAtChange(killAt);
        await NewAgent().RunPassAsync(Web(2, "edge/web:2", strategy), dryRun: false, default);
        NoMoreKills();
        var last = (await NewAgent().ConvergeAsync(Web(2, "edge/web:2", strategy), 5, default))[^1];

        Assert.True(last.Converged);
        var current = Assert.Single(runtime.Containers.Values, c => c.Name == "web");
        Assert.Equal(Web(2, "edge/web:2", strategy).Apps["web"].SpecHash, current.SpecHash);
        Assert.True(current.Running);
        var previous = Assert.Single(runtime.Containers.Values, c => c.Name == "web.previous");
        Assert.Equal(v1, previous.Id);
        Assert.False(previous.Running);
        Assert.Equal(2, runtime.Containers.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_rollback_killed_at_any_step_is_finished_by_the_next_agent_without_trying_the_failed_version(int killAt)
    {
        await NewAgent().ConvergeAsync(Web(1, "edge/web:1", "stop-first"), 3, default);
        var v1 = runtime.Containers.Values.Single().Id;
        await NewAgent().ConvergeAsync(Web(2, "edge/web:2", "stop-first"), 3, default);
        var failed = runtime.Containers.Values.Single(c => c.Name == "web");
        runtime.Containers[failed.Id] = failed with { Running = false, FinishedAt = time.GetUtcNow(), ExitCode = 1 };

        KillAtChange(killAt);
        await NewAgent().RunPassAsync(Web(2, "edge/web:2", "stop-first"), dryRun: false, default);
        NoMoreKills();
        runtime.Calls.Clear();
        var last = (await NewAgent().ConvergeAsync(Web(2, "edge/web:2", "stop-first"), 5, default))[^1];

        Assert.True(last.Converged);
        Assert.Contains("exited with code 1", last.RolledBack["web"], StringComparison.Ordinal);
        var restored = Assert.Single(runtime.Containers.Values);
        Assert.Equal(v1, restored.Id);
        Assert.Equal("web", restored.Name);
        Assert.True(restored.Running);
        Assert.DoesNotContain(runtime.Calls, c => c.StartsWith("create", StringComparison.Ordinal));
    }
}
