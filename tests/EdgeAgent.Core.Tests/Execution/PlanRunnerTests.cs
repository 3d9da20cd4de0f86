using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Planning;
using EdgeAgent.Testing;
using Microsoft.Extensions.Time.Testing;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Execution;

public sealed class PlanRunnerTests
{
    private readonly FakeContainerRuntime runtime = new();
    private readonly FakeTimeProvider time = new();

    private async Task<IReadOnlyList<StepResult>> RunAsync(DesiredState desired, RetryPolicy? retry = null)
    {
        var plan = Planner.Compute(desired, await runtime.ObserveAsync(default));
        var runner = new PlanRunner(runtime, time, retry);
        var run = runner.ExecuteAsync(plan, CancellationToken.None);

        // Drive the fake clock until the run ends: backoff delays only elapse when time advances.
        for (var i = 0; i < 1000 && !run.IsCompleted; i++)
        {
            await Task.Delay(1);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        return await run;
    }

    [Fact]
    public async Task Retryable_failure_is_retried_with_backoff_then_succeeds()
    {
        var failures = 2;
        runtime.FailWhen = call => call == "start web" && failures-- > 0 ? new StepFailedException(FailureKind.Retryable, "daemon busy") : null;
        var results = await RunAsync(DesiredOf(("web", App())));
        var start = results.Single(r => r.Step is StartContainerStep);
        Assert.Equal(StepOutcome.Succeeded, start.Outcome);
        Assert.Equal(3, start.Attempts);
    }

    [Fact]
    public async Task Terminal_failure_is_not_retried()
    {
        runtime.FailWhen = call => call == "create web" ? new StepFailedException(FailureKind.Terminal, "bad spec") : null;
        var results = await RunAsync(DesiredOf(("web", App())));
        var create = results.Single(r => r.Step is CreateContainerStep);
        Assert.Equal(StepOutcome.Failed, create.Outcome);
        Assert.Equal(1, create.Attempts);
        Assert.Equal(FailureKind.Terminal, create.FailureKind);
        Assert.Single(runtime.Calls, "create web");
    }

    [Fact]
    public async Task Retries_stop_at_max_attempts()
    {
        runtime.FailWhen = call => call == "create web" ? new TimeoutException("socket timeout") : null;
        var results = await RunAsync(DesiredOf(("web", App())), new RetryPolicy { MaxAttempts = 3 });
        var create = results.Single(r => r.Step is CreateContainerStep);
        Assert.Equal(StepOutcome.Failed, create.Outcome);
        Assert.Equal(3, create.Attempts);
        Assert.Equal(FailureKind.Retryable, create.FailureKind);
        Assert.Equal(3, runtime.Calls.Count(c => c == "create web"));
    }

    [Fact]
    public async Task Failure_skips_dependents_but_not_unrelated_apps()
    {
        runtime.FailWhen = call => call == "start db" ? new StepFailedException(FailureKind.Terminal, "port taken") : null;
        var results = await RunAsync(DesiredOf(("db", App()), ("web", App(dependsOn: ["db"])), ("metrics", App())));
        Assert.Equal(StepOutcome.Failed, results.Single(r => r.Step is StartContainerStep { App: "db" }).Outcome);
        Assert.Equal(StepOutcome.Skipped, results.Single(r => r.Step is StartContainerStep { App: "web" }).Outcome);
        Assert.Equal(StepOutcome.Succeeded, results.Single(r => r.Step is StartContainerStep { App: "metrics" }).Outcome);
        Assert.DoesNotContain("start web", runtime.Calls);
    }

    [Fact]
    public async Task Dependency_order_is_honoured()
    {
        await RunAsync(DesiredOf(("ui", App(dependsOn: ["web"])), ("web", App(dependsOn: ["db"])), ("db", App())));
        Assert.True(runtime.Calls.IndexOf("start db") < runtime.Calls.IndexOf("start web"));
        Assert.True(runtime.Calls.IndexOf("start web") < runtime.Calls.IndexOf("start ui"));
    }

    [Fact]
    public void Backoff_is_exponential_and_capped()
    {
        var policy = new RetryPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10) };
        Assert.Equal([1, 2, 4, 8, 10, 10], Enumerable.Range(1, 6).Select(a => policy.DelayAfter(a).TotalSeconds));
    }

    [Fact]
    public async Task Backoff_waits_on_the_time_provider()
    {
        runtime.FailWhen = call => call == "create web" ? new StepFailedException(FailureKind.Retryable, "busy") : null;
        var plan = Planner.Compute(DesiredOf(("web", App())), await runtime.ObserveAsync(default));
        var run = new PlanRunner(runtime, time, new RetryPolicy { MaxAttempts = 2, InitialDelay = TimeSpan.FromMinutes(5) }).ExecuteAsync(plan, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(run.IsCompleted);
        Assert.Single(runtime.Calls, "create web");
        time.Advance(TimeSpan.FromMinutes(5));
        var results = await run;
        Assert.Equal(2, runtime.Calls.Count(c => c == "create web"));
        Assert.Equal(StepOutcome.Failed, results.Single(r => r.Step is CreateContainerStep).Outcome);
    }
}
