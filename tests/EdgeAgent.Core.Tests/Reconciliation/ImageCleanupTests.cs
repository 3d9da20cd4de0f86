using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Testing;
using Microsoft.Extensions.Time.Testing;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Reconciliation;

/// <summary>Images the agent pulled go once no desired app and no container uses them; nothing else is ever removed.</summary>
public sealed class ImageCleanupTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
    private readonly FakeContainerRuntime runtime = new();
    private readonly MemoryStateStore store = new();

    public ImageCleanupTests() => runtime.Time = time;

    private async Task<PassResult> Converge(DesiredState desired)
    {
        var reconciler = new Reconciler(runtime, new PlanRunner(runtime, time, new RetryPolicy { MaxAttempts = 1 }), null, null, null, new RollbackLedger(time, store), time, new ImageLedger(store));
        return (await reconciler.ConvergeAsync(desired, 5, default))[^1];
    }

    private static DesiredState Web(long version, string image, int probation = 0) => ProbationTests.Version(version, probation: probation, apps: ("web", image));

    [Fact]
    public async Task A_replaced_pulled_image_is_removed_and_the_new_one_kept()
    {
        await Converge(Web(1, "edge/web:1"));
        await Converge(Web(2, "edge/web:2"));
        Assert.Contains("remove-image edge/web:1", runtime.Calls);
        Assert.DoesNotContain("edge/web:1", runtime.Images);
        Assert.Contains("edge/web:2", runtime.Images);
        Assert.True((await Converge(Web(2, "edge/web:2"))).Converged);
    }

    [Fact]
    public async Task The_previous_version_keeps_its_image_until_its_probation_passed()
    {
        await Converge(Web(1, "edge/web:1", probation: 30));
        await Converge(Web(2, "edge/web:2", probation: 30));
        Assert.Contains("edge/web:1", runtime.Images);

        time.Advance(TimeSpan.FromSeconds(30));
        await Converge(Web(2, "edge/web:2", probation: 30));
        Assert.DoesNotContain("edge/web:1", runtime.Images);
    }

    [Fact]
    public async Task An_image_the_agent_did_not_pull_is_never_removed()
    {
        await Converge(DesiredOf(("web", App())));
        await Converge(DesiredState.Empty);
        Assert.Empty(runtime.Containers);
        Assert.Contains(Image, runtime.Images);
        Assert.DoesNotContain(runtime.Calls, c => c.StartsWith("remove-image", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_image_another_app_still_uses_is_kept()
    {
        await Converge(ProbationTests.Version(1, probation: 0, apps: [("web", "edge/shared:1"), ("api", "edge/shared:1")]));
        await Converge(ProbationTests.Version(2, probation: 0, apps: [("web", "edge/web:2"), ("api", "edge/shared:1")]));
        Assert.Contains("edge/shared:1", runtime.Images);
        Assert.DoesNotContain(runtime.Calls, c => c.StartsWith("remove-image", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ownership_is_remembered_across_restarts_and_forgotten_when_the_image_is_gone()
    {
        await Converge(Web(1, "edge/web:1"));
        Assert.Contains("edge/web:1", System.Text.Encoding.UTF8.GetString((await store.ReadAsync(ImageLedger.Document, default))!));
        runtime.Images.Add("edge/web:2"); // present already: not pulled, so not the agent's
        await Converge(Web(2, "edge/web:2"));
        Assert.DoesNotContain("edge/web:1", runtime.Images);
        Assert.DoesNotContain("edge/web:1", System.Text.Encoding.UTF8.GetString((await store.ReadAsync(ImageLedger.Document, default))!));

        await Converge(DesiredState.Empty);
        Assert.Contains("edge/web:2", runtime.Images);
    }
}
