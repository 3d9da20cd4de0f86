using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Planning;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Testing;
using Microsoft.Extensions.Time.Testing;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Reconciliation;

/// <summary>
/// Health-gated updates end to end over the fake engine: the previous version is kept during probation,
/// let go when the new one proves itself, restored when it does not, and a failed version is not tried again.
/// </summary>
public sealed class ProbationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(T0);
    private readonly FakeContainerRuntime runtime = new();
    private readonly MemoryStateStore store = new();

    public ProbationTests() => runtime.Time = time;

    private Reconciler NewReconciler() => new(
        runtime,
        new PlanRunner(runtime, time, new RetryPolicy { MaxAttempts = 1 }),
        null,
        null,
        null,
        new RollbackLedger(time, store),
        time,
        new ImageLedger());

    internal static DesiredState Version(long version, string mode = ManifestUpdateSpec.PerApp, string strategy = UpdateSpec.StopFirst, int probation = 30, params (string Name, string Image)[] apps)
    {
        var manifest = Manifest([.. apps.Select(a => (a.Name, App(image: a.Image) with { Update = new UpdateSpec { Strategy = strategy, ProbationSeconds = probation } }))]);
        return DesiredStateBuilder.Build(manifest with
        {
            Metadata = manifest.Metadata with { Version = version },
            Spec = manifest.Spec with { Update = new ManifestUpdateSpec { Mode = mode } },
        });
    }

    private static DesiredState Web(long version, string image, string strategy = UpdateSpec.StopFirst, int probation = 30) =>
        Version(version, strategy: strategy, probation: probation, apps: ("web", image));

    private async Task<PassResult> Converge(DesiredState desired)
    {
        var passes = await NewReconciler().ConvergeAsync(desired, 5, default);
        return passes[^1];
    }

    private ObservedContainer Current(string app = "web") => runtime.Containers.Values.Single(c => c.Name == app);

    private ObservedContainer? Previous(string app = "web") => runtime.Containers.Values.SingleOrDefault(c => c.Name == PreviousVersion.NameOf(app));

    private void Crash(string app = "web", long exitCode = 3) =>
        runtime.Containers[Current(app).Id] = Current(app) with { Running = false, Status = "exited", FinishedAt = time.GetUtcNow(), ExitCode = exitCode };

    private async Task<string> UpdatedToV2(string strategy = UpdateSpec.StopFirst)
    {
        runtime.Images.Add("edge/web:2");
        await Converge(Web(1, "edge/web:1"));
        var v1 = Current().Id;
        runtime.Calls.Clear();
        var pass = await Converge(Web(2, "edge/web:2", strategy));
        Assert.Equal(["web"], pass.OnProbation);
        Assert.Equal(T0 + TimeSpan.FromSeconds(30), pass.ProbationEndsAt);
        return v1;
    }

    [Fact]
    public async Task Stop_first_keeps_the_previous_version_stopped_aside_during_probation_and_lets_it_go_after()
    {
        var v1 = await UpdatedToV2();
        Assert.Equal(["observe", "stop web", "rename web web.previous", "create web", "start web", "observe"], runtime.Calls);
        Assert.Equal(v1, Previous()!.Id);
        Assert.False(Previous()!.Running);

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.NotNull(Previous()); // nothing changes before the probation ends
        Assert.True((await Converge(Web(2, "edge/web:2"))).Converged);
        Assert.NotNull(Previous());

        time.Advance(TimeSpan.FromSeconds(1));
        var after = await Converge(Web(2, "edge/web:2"));
        Assert.Null(Previous());
        Assert.Empty(after.OnProbation);
        Assert.Empty(after.RolledBack);
    }

    [Fact]
    public async Task Start_first_starts_the_new_version_before_stopping_the_old_one()
    {
        await UpdatedToV2(UpdateSpec.StartFirst);
        Assert.Equal(["observe", "rename web web.previous", "create web", "start web", "stop web.previous", "observe"], runtime.Calls);
    }

    [Fact]
    public async Task A_version_that_exits_during_probation_is_rolled_back_with_its_exit_code_and_not_tried_again()
    {
        var v1 = await UpdatedToV2();
        time.Advance(TimeSpan.FromSeconds(5));
        Crash(exitCode: 42);

        var rollback = await NewReconciler().RunPassAsync(Web(2, "edge/web:2"), dryRun: false, default);
        Assert.Equal(["web"], rollback.NewlyRolledBack);
        Assert.Contains("exited with code 42", rollback.RolledBack["web"], StringComparison.Ordinal);
        Assert.Equal(v1, Current().Id);
        Assert.True(Current().Running);
        Assert.Single(runtime.Containers);

        // Stable afterwards: the failed version is not pulled, created or started again.
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromMinutes(10));
            runtime.Calls.Clear();
            var pass = await Converge(Web(2, "edge/web:2"));
            Assert.True(pass.Converged);
            Assert.Empty(pass.NewlyRolledBack);
            Assert.Contains("exited with code 42", pass.RolledBack["web"], StringComparison.Ordinal);
            Assert.Equal(["observe"], runtime.Calls);
            Assert.Equal(v1, Current().Id);
        }
    }

    [Fact]
    public async Task A_newer_manifest_version_is_tried_after_a_rollback()
    {
        await UpdatedToV2();
        Crash();
        await Converge(Web(2, "edge/web:2"));

        runtime.Images.Add("edge/web:3");
        var pass = await Converge(Web(3, "edge/web:3"));
        Assert.Empty(pass.RolledBack);
        Assert.Equal(["web"], pass.OnProbation);
        Assert.Equal(Web(3, "edge/web:3").Apps["web"].SpecHash, Current().SpecHash);
    }

    [Fact]
    public async Task The_same_definition_in_a_newer_manifest_version_is_tried_again()
    {
        await UpdatedToV2();
        Crash();
        await Converge(Web(2, "edge/web:2"));

        var pass = await Converge(Web(3, "edge/web:2"));
        Assert.Empty(pass.RolledBack);
        Assert.Equal(["web"], pass.OnProbation);
    }

    [Theory]
    [InlineData("unhealthy", "curl: (7) Failed to connect to localhost port 80", 5, "unhealthy during its probation: curl: (7) Failed to connect")]
    [InlineData("starting", null, 30, "not healthy when its probation of 30 s ended (health: starting)")]
    public async Task A_version_that_is_not_healthy_is_rolled_back_with_its_health_output(string health, string? log, int seconds, string reason)
    {
        var v1 = await UpdatedToV2();
        time.Advance(TimeSpan.FromSeconds(seconds));
        runtime.Containers[Current().Id] = Current() with { Health = health, HealthLog = log };

        var pass = await Converge(Web(2, "edge/web:2"));
        Assert.Contains(reason, pass.RolledBack["web"], StringComparison.Ordinal);
        Assert.Equal(v1, Current().Id);
    }

    [Fact]
    public async Task A_healthy_version_passes_and_a_restarted_one_fails()
    {
        await UpdatedToV2();
        time.Advance(TimeSpan.FromSeconds(30));
        runtime.Containers[Current().Id] = Current() with { Health = "healthy" };
        Assert.Empty((await Converge(Web(2, "edge/web:2"))).RolledBack);
        Assert.Null(Previous());

        runtime.Images.Add("edge/web:3");
        await Converge(Web(3, "edge/web:3"));
        runtime.Containers[Current().Id] = Current() with { RestartCount = 1, ExitCode = 1 };
        var pass = await Converge(Web(3, "edge/web:3"));
        Assert.Contains("restarted 1 time(s)", pass.RolledBack["web"], StringComparison.Ordinal);
        Assert.Equal(Web(2, "edge/web:2").Apps["web"].SpecHash, Current().SpecHash);
    }

    [Fact]
    public async Task A_newer_version_during_probation_replaces_the_unproven_one_and_keeps_the_last_good_one()
    {
        var v1 = await UpdatedToV2();
        runtime.Images.Add("edge/web:3");
        await Converge(Web(3, "edge/web:3"));
        Assert.Equal(v1, Previous()!.Id);
        Assert.Equal(Web(3, "edge/web:3").Apps["web"].SpecHash, Current().SpecHash);
        Assert.Equal(2, runtime.Containers.Count);
    }

    [Fact]
    public async Task Without_probation_the_old_version_is_removed_at_once()
    {
        runtime.Images.Add("edge/web:2");
        await Converge(Web(1, "edge/web:1", probation: 0));
        var pass = await Converge(Web(2, "edge/web:2", probation: 0));
        Assert.Single(runtime.Containers);
        Assert.Empty(pass.OnProbation);
    }

    [Fact]
    public async Task An_atomic_update_rolls_every_app_of_the_manifest_back_when_one_fails()
    {
        runtime.Images.UnionWith(["edge/a:2", "edge/b:2"]);
        await Converge(Version(1, ManifestUpdateSpec.Atomic, apps: [("a", "edge/a:1"), ("b", "edge/b:1")]));
        var v1 = runtime.Containers.Values.ToDictionary(c => c.Name, c => c.Id);
        var v2 = Version(2, ManifestUpdateSpec.Atomic, apps: [("a", "edge/a:2"), ("b", "edge/b:2")]);
        await Converge(v2);

        // b proved itself on its own, but its previous version is kept while a is on probation.
        time.Advance(TimeSpan.FromSeconds(10));
        Crash("a");
        var pass = await Converge(v2);
        Assert.Contains("exited with code 3", pass.RolledBack["a"], StringComparison.Ordinal);
        Assert.Contains("rolled back with a (atomic update", pass.RolledBack["b"], StringComparison.Ordinal);
        Assert.Equal(v1["a"], Current("a").Id);
        Assert.Equal(v1["b"], Current("b").Id);
        Assert.Equal(2, runtime.Containers.Count);
    }

    [Fact]
    public async Task In_an_atomic_update_no_previous_version_goes_while_another_app_is_on_probation()
    {
        runtime.Images.UnionWith(["edge/a:2", "edge/b:2"]);
        await Converge(Version(1, ManifestUpdateSpec.Atomic, apps: [("a", "edge/a:1"), ("b", "edge/b:1")]));
        await Converge(Version(2, ManifestUpdateSpec.Atomic, apps: [("a", "edge/a:2"), ("b", "edge/b:1")]));
        time.Advance(TimeSpan.FromSeconds(20));
        var v3 = Version(3, ManifestUpdateSpec.Atomic, apps: [("a", "edge/a:2"), ("b", "edge/b:2")]);
        await Converge(v3); // b replaced 20 s after a

        time.Advance(TimeSpan.FromSeconds(15)); // a passed, b has 15 s to go
        var pass = await Converge(v3);
        Assert.NotNull(Previous("a"));
        Assert.Equal(["a", "b"], pass.OnProbation);

        time.Advance(TimeSpan.FromSeconds(15));
        pass = await Converge(v3);
        Assert.Null(Previous("a"));
        Assert.Null(Previous("b"));
        Assert.Empty(pass.OnProbation);
    }

    [Fact]
    public async Task A_per_app_update_rolls_back_only_the_app_that_failed()
    {
        runtime.Images.UnionWith(["edge/a:2", "edge/b:2"]);
        await Converge(Version(1, apps: [("a", "edge/a:1"), ("b", "edge/b:1")]));
        var v2 = Version(2, apps: [("a", "edge/a:2"), ("b", "edge/b:2")]);
        await Converge(v2);
        Crash("a");
        var pass = await Converge(v2);
        Assert.Equal(["a"], pass.RolledBack.Keys);
        Assert.Equal(v2.Apps["b"].SpecHash, Current("b").SpecHash);
    }
}
