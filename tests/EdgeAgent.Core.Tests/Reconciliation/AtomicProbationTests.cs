using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Planning;
using EdgeAgent.Core.Reconciliation;

namespace EdgeAgent.Core.Tests.Reconciliation;

/// <summary>
/// An atomic update judged as one under every timing: b (replaced, its probation over, healthy) is
/// observed beside every state a can be in during the same update, a crash-looping one included.
/// b lets its previous version go only when a passed too; a failure of a fails b; and an app not
/// replaced yet holds the unit instead of being forgotten (the second hostile run: a rename that
/// Docker refused left a without a kept previous version, and b let its own go).
/// </summary>
public sealed class AtomicProbationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private static readonly DesiredState V1 = ProbationTests.Version(1, ManifestUpdateSpec.Atomic, apps: [("a", "edge/a:1"), ("b", "edge/b:1")]);
    private static readonly DesiredState V2 = ProbationTests.Version(2, ManifestUpdateSpec.Atomic, apps: [("a", "edge/a:2"), ("b", "edge/b:2")]);

    /// <summary>a's containers, by what Docker would show at that instant of the update.</summary>
    public static TheoryData<string, string> Timings() => new()
    {
        { "old version still under its name, not renamed yet", "waits" },
        { "old version crash-looping under its name (restarting)", "waits" },
        { "old version crash-looping, exited between two restarts", "waits" },
        { "renamed aside, new one not created yet", "waits" },
        { "new one created, not started", "waits" },
        { "new one running, probation not over", "waits" },
        { "new one restarted by Docker during probation", "fails" },
        { "new one restarting now (restart policy always)", "fails" },
        { "new one exited during probation", "fails" },
        { "new one unhealthy", "fails" },
        { "new one passed too", "passes" },
    };

    [Theory]
    [MemberData(nameof(Timings))]
    public void The_unit_is_judged_as_one(string timing, string expected)
    {
        var now = T0.AddSeconds(60);
        var observed = new ObservedState { Containers = [.. A(timing, now), .. B(now)] };

        var verdicts = ProbationJudge.Judge(V2, observed, now);

        switch (expected)
        {
            case "waits":
                Assert.Empty(verdicts.Failed);
                Assert.Empty(verdicts.Passed); // b keeps its previous version
                Assert.Contains("b", verdicts.InProgress.Keys);
                Assert.Contains("a", verdicts.InProgress.Keys);
                break;
            case "fails":
                Assert.Equal(["a", "b"], verdicts.Failed.Keys.Order(StringComparer.Ordinal));
                Assert.StartsWith("rolled back with a (atomic update", verdicts.Failed["b"], StringComparison.Ordinal);
                Assert.Empty(verdicts.Passed);
                break;
            default:
                Assert.Equal(["a", "b"], verdicts.Passed.Order(StringComparer.Ordinal));
                Assert.Empty(verdicts.Failed);
                break;
        }
    }

    [Fact]
    public void A_failure_while_another_app_is_not_replaced_yet_rolls_that_one_back_too()
    {
        var now = T0.AddSeconds(60);
        ObservedContainer[] containers =
        [
            Old("a", running: true),
            Old("b", running: false, previous: true),
            New("b", now) with { Running = false, FinishedAt = now, ExitCode = 1 },
        ];

        var verdicts = ProbationJudge.Judge(V2, new ObservedState { Containers = containers }, now);

        Assert.Equal(["a", "b"], verdicts.Failed.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("rolled back with b (atomic update", verdicts.Failed["a"], StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_an_update_nothing_is_on_probation()
    {
        var now = T0.AddSeconds(60);
        var verdicts = ProbationJudge.Judge(V2, new ObservedState { Containers = [Old("a", running: true), Old("b", running: true)] }, now);
        Assert.Empty(verdicts.InProgress);
    }

    private static IEnumerable<ObservedContainer> A(string timing, DateTimeOffset now) => timing switch
    {
        "old version still under its name, not renamed yet" => [Old("a", running: true)],
        "old version crash-looping under its name (restarting)" => [Old("a", running: false) with { Restarting = true, RestartCount = 7 }],
        "old version crash-looping, exited between two restarts" => [Old("a", running: false) with { FinishedAt = now, ExitCode = 3, RestartCount = 7 }],
        "renamed aside, new one not created yet" => [Old("a", running: false, previous: true)],
        "new one created, not started" => [Old("a", running: false, previous: true), New("a", now) with { Running = false, StartedAt = null }],
        "new one running, probation not over" => [Old("a", running: false, previous: true), New("a", now, startedSecondsAgo: 5)],
        "new one restarted by Docker during probation" => [Old("a", running: false, previous: true), New("a", now, startedSecondsAgo: 1) with { RestartCount = 2, ExitCode = 3 }],
        "new one restarting now (restart policy always)" => [Old("a", running: false, previous: true), New("a", now) with { Running = false, Restarting = true, RestartCount = 1, FinishedAt = now, ExitCode = 3 }],
        "new one exited during probation" => [Old("a", running: false, previous: true), New("a", now) with { Running = false, FinishedAt = now, ExitCode = 3 }],
        "new one unhealthy" => [Old("a", running: false, previous: true), New("a", now) with { Health = "unhealthy" }],
        "new one passed too" => [Old("a", running: false, previous: true), New("a", now)],
        _ => throw new ArgumentOutOfRangeException(nameof(timing), timing, null),
    };

    private static IEnumerable<ObservedContainer> B(DateTimeOffset now) => [Old("b", running: false, previous: true), New("b", now)];

    private static ObservedContainer Old(string app, bool running, bool previous = false) => new()
    {
        Id = app + "-1",
        Name = previous ? PreviousVersion.NameOf(app) : app,
        App = app,
        SpecHash = V1.Apps[app].SpecHash,
        Running = running,
        StartedAt = T0.AddDays(-1),
    };

    /// <summary>The new version, running since before its probation of 30 s ended unless told.</summary>
    private static ObservedContainer New(string app, DateTimeOffset now, int startedSecondsAgo = 40) => new()
    {
        Id = app + "-2",
        Name = app,
        App = app,
        SpecHash = V2.Apps[app].SpecHash,
        Running = true,
        StartedAt = now.AddSeconds(-startedSecondsAgo),
    };
}
