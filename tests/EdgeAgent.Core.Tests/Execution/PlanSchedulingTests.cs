using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Planning;
using EdgeAgent.Testing;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Execution;

/// <summary>When more steps are ready than may run, the longest chain still to come goes first.</summary>
public sealed class PlanSchedulingTests
{
    private readonly FakeContainerRuntime runtime = new();

    public static TheoryData<string, (string App, string[] DependsOn)[], string[]> Chains => new()
    {
        // name, apps, expected "step=length" for every step of the plan from empty
        { "independent apps", [("a", []), ("b", [])], ["create a=2", "start a=1", "create b=2", "start b=1"] },
        { "a chain of three", [("db", []), ("web", ["db"]), ("ui", ["web"])], ["create db=4", "start db=3", "create ui=2", "start ui=1", "create web=3", "start web=2"] },
        { "two depend on one", [("db", []), ("api", ["db"]), ("jobs", ["db"])], ["create api=2", "start api=1", "create db=3", "start db=2", "create jobs=2", "start jobs=1"] },
        { "a chain beside a lone app", [("aaa", []), ("db", []), ("web", ["db"])], ["create aaa=2", "start aaa=1", "create db=3", "start db=2", "create web=2", "start web=1"] },
    };

    [Theory]
    [MemberData(nameof(Chains))]
    public async Task Chain_lengths_count_the_steps_still_to_come(string name, (string App, string[] DependsOn)[] apps, string[] expected)
    {
        var plan = Planner.Compute(Desired(apps), await runtime.ObserveAsync(default));
        var lengths = PlanRunner.ChainLengths(plan);
        var actual = plan.Steps.OrderBy(s => s.Target, StringComparer.Ordinal).ThenBy(s => s.Id).Select(s => $"{s.Action} {s.Target}={lengths[s.Id]}");
        Assert.True(expected.SequenceEqual(actual), $"{name}: {string.Join(", ", actual)}");
    }

    [Fact]
    public async Task With_one_slot_the_chain_is_served_before_steps_nothing_waits_for()
    {
        // Plan order: alpha, beta (nothing depends on them), then db and web (web needs db).
        var plan = Planner.Compute(Desired([("alpha", []), ("beta", []), ("db", []), ("web", ["db"])]), await runtime.ObserveAsync(default));
        runtime.Calls.Clear(); // the observation
        var turnstile = new Turnstile(runtime);
        var run = new PlanRunner(turnstile, TimeProvider.System, maxParallelism: 1).ExecuteAsync(plan, CancellationToken.None);
        for (var granted = 1; granted <= plan.Steps.Count; granted++)
        {
            await turnstile.WaitForCallsAsync(granted);
            turnstile.Pass();
        }

        var results = await run;
        Assert.All(results, r => Assert.Equal(StepOutcome.Succeeded, r.Outcome));

        // The first step is taken on arrival; after it, the longest chain waiting goes first (ties in plan order).
        Assert.Equal(
            ["create alpha", "create db", "create beta", "start db", "create web", "start alpha", "start beta", "start web"],
            runtime.Calls);
    }

    [Fact]
    public async Task A_gate_grants_by_priority_then_order_and_skips_cancelled_waiters()
    {
        var gate = new PriorityGate(1);
        await gate.WaitAsync(priority: 0, order: 0, CancellationToken.None);
        using var cancelled = new CancellationTokenSource();
        var low = gate.WaitAsync(priority: 1, order: 1, CancellationToken.None);
        var highLate = gate.WaitAsync(priority: 5, order: 9, CancellationToken.None);
        var gone = gate.WaitAsync(priority: 9, order: 2, cancelled.Token);
        var highEarly = gate.WaitAsync(priority: 5, order: 3, CancellationToken.None);
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);

        gate.Release();
        await highEarly.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(highLate.IsCompleted);
        Assert.False(low.IsCompleted);

        gate.Release();
        await highLate.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(low.IsCompleted);

        gate.Release();
        await low.WaitAsync(TimeSpan.FromSeconds(5));

        // The slot returned: one wait is granted at once, the next one queues.
        gate.Release();
        Assert.True(gate.WaitAsync(priority: 0, order: 0, CancellationToken.None).IsCompletedSuccessfully);
        Assert.False(gate.WaitAsync(priority: 0, order: 1, CancellationToken.None).IsCompleted);
    }

    private static DesiredState Desired((string App, string[] DependsOn)[] apps) =>
        DesiredOf([.. apps.Select(a => (a.App, App(dependsOn: a.DependsOn)))]);

    /// <summary>A runtime whose every change waits for the test to let it through, one at a time.</summary>
    private sealed class Turnstile(FakeContainerRuntime inner) : IContainerRuntime
    {
        private readonly SemaphoreSlim passes = new(0);

        public void Pass() => passes.Release();

        public async Task WaitForCallsAsync(int count)
        {
            for (var i = 0; i < 500 && Calls() < count; i++)
            {
                await Task.Delay(10);
            }

            Assert.True(count == Calls(), string.Join(", ", inner.Calls));
        }

        private int Calls() => inner.Calls.Count;

        private async Task<T> Through<T>(Func<Task<T>> call)
        {
            var result = await call();
            await passes.WaitAsync();
            return result;
        }

        private async Task Through(Func<Task> call)
        {
            await call();
            await passes.WaitAsync();
        }

        public Task<ObservedState> ObserveAsync(CancellationToken cancellationToken) => inner.ObserveAsync(cancellationToken);

        public Task PullImageAsync(string image, CancellationToken cancellationToken) => Through(() => inner.PullImageAsync(image, cancellationToken));

        public Task CreateNetworkAsync(DesiredNetwork network, CancellationToken cancellationToken) => Through(() => inner.CreateNetworkAsync(network, cancellationToken));

        public Task RemoveNetworkAsync(string networkId, CancellationToken cancellationToken) => Through(() => inner.RemoveNetworkAsync(networkId, cancellationToken));

        public Task<string> CreateContainerAsync(DesiredApp app, CancellationToken cancellationToken) => Through(() => inner.CreateContainerAsync(app, cancellationToken));

        public Task StartContainerAsync(string containerIdOrName, CancellationToken cancellationToken) => Through(() => inner.StartContainerAsync(containerIdOrName, cancellationToken));

        public Task StopContainerAsync(string containerId, CancellationToken cancellationToken) => Through(() => inner.StopContainerAsync(containerId, cancellationToken));

        public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken) => Through(() => inner.RemoveContainerAsync(containerId, cancellationToken));

        public Task RemoveImageAsync(string image, CancellationToken cancellationToken) => Through(() => inner.RemoveImageAsync(image, cancellationToken));

        public Task RenameContainerAsync(string containerId, string newName, CancellationToken cancellationToken) => Through(() => inner.RenameContainerAsync(containerId, newName, cancellationToken));

        public Task UpdateResourcesAsync(string containerId, ResourceLimits limits, CancellationToken cancellationToken) => Through(() => inner.UpdateResourcesAsync(containerId, limits, cancellationToken));
    }
}
