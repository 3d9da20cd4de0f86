using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Planning;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Core.Tests.Fakes;
using EdgeAgent.Testing;
using Microsoft.Extensions.Time.Testing;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Reconciliation;

/// <summary>Crash-loop backoff: exits in a row hold the next start back, doubling to a cap, never for good.</summary>
public sealed class CrashLoopTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(T0);
    private readonly DesiredState desired = DesiredOf(("job", App()));
    private readonly CrashLoopTracker tracker;

    public CrashLoopTrackerTests() => tracker = new CrashLoopTracker(new BackoffPolicy(), time);

    private ObservedState Exited(DateTimeOffset finished, long exitCode = 3, string id = "c1", long restarts = 0, string? hash = null) => new()
    {
        Containers = [new ObservedContainer { Id = id, Name = "job", App = "job", SpecHash = hash ?? desired.Apps["job"].SpecHash, Running = false, StartedAt = finished.AddSeconds(-1), FinishedAt = finished, ExitCode = exitCode, RestartCount = restarts }],
    };

    private ObservedState RunningSince(DateTimeOffset started, string id = "c1", long restarts = 0) => new()
    {
        Containers = [new ObservedContainer { Id = id, Name = "job", App = "job", SpecHash = desired.Apps["job"].SpecHash, Running = true, StartedAt = started, RestartCount = restarts }],
    };

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 40)]
    [InlineData(6, 160)]
    [InlineData(7, 300)]
    [InlineData(1000, 300)]
    public void The_first_exit_restarts_at_once_then_the_delay_doubles_from_ten_seconds_to_a_five_minute_cap(int crashes, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), new BackoffPolicy().Delay(crashes));
    }

    [Fact]
    public void Each_exit_in_a_row_holds_the_next_start_back_longer_and_it_is_reported_crash_looping_from_the_third()
    {
        var at = T0;
        for (var crash = 1; crash <= 8; crash++)
        {
            tracker.Observe(desired, Exited(at));
            if (crash == 1)
            {
                Assert.Empty(tracker.Holds()); // the first exit is started again at once
                at = at.AddSeconds(2);
                time.SetUtcNow(at);
                continue;
            }

            var hold = Assert.Single(tracker.Holds()).Value;
            Assert.Equal(at + new BackoffPolicy().Delay(crash), hold.Until);
            Assert.Equal((crash, 3L), (hold.Crashes, hold.LastExitCode));
            Assert.Equal(crash >= 3, tracker.IsCrashLooping("job"));

            // Observing the same exit again changes nothing; once the hold is over, the planner may start it.
            tracker.Observe(desired, Exited(at));
            Assert.Equal(crash, tracker.Holds()["job"].Crashes);
            time.SetUtcNow(hold.Until);
            Assert.Empty(tracker.Holds());
            at = hold.Until.AddSeconds(2);
            time.SetUtcNow(at);
        }
    }

    [Fact]
    public void Running_cleanly_for_ten_minutes_forgets_the_crashes_and_a_shorter_run_does_not()
    {
        tracker.Observe(desired, Exited(T0));
        tracker.Observe(desired, Exited(T0.AddSeconds(20)));
        time.SetUtcNow(T0.AddMinutes(9));
        tracker.Observe(desired, RunningSince(T0.AddSeconds(40)));
        tracker.Observe(desired, Exited(T0.AddMinutes(9)));
        Assert.Equal(3, tracker.Holds()["job"].Crashes);

        time.SetUtcNow(T0.AddMinutes(30));
        tracker.Observe(desired, RunningSince(T0.AddMinutes(15)));
        Assert.False(tracker.IsCrashLooping("job"));
        tracker.Observe(desired, Exited(T0.AddMinutes(30)));
        Assert.Equal(1, tracker.Crashes("job"));
        Assert.Empty(tracker.Holds());
    }

    [Fact]
    public void Exits_after_long_runs_are_never_held_back()
    {
        // A container stopped by hand after running a while is drift: repaired at once, every time.
        for (var i = 0; i < 5; i++)
        {
            var finished = T0.AddMinutes(i);
            tracker.Observe(desired, Exited(finished) with { Containers = [Exited(finished).Containers[0] with { StartedAt = finished.AddSeconds(-30) }] });
            Assert.Equal(1, tracker.Crashes("job"));
            Assert.Empty(tracker.Holds());
        }
    }

    [Fact]
    public void An_exit_counts_when_its_end_time_moves_even_if_the_state_still_says_running()
    {
        // Docker's list can lag its inspection by the milliseconds a crashing app lives.
        tracker.Observe(desired, RunningSince(T0));
        var lagging = RunningSince(T0);
        lagging = lagging with { Containers = [lagging.Containers[0] with { FinishedAt = T0.AddSeconds(1), ExitCode = 7 }] };
        tracker.Observe(desired, lagging);
        tracker.Observe(desired, Exited(T0.AddSeconds(1), exitCode: 7));
        Assert.Equal(1, tracker.Crashes("job"));
        tracker.Observe(desired, Exited(T0.AddSeconds(3), exitCode: 7));
        Assert.Equal((2, 7L), (tracker.Holds()["job"].Crashes, tracker.Holds()["job"].LastExitCode));
    }

    [Fact]
    public void A_running_container_seen_first_is_not_charged_for_its_old_exits()
    {
        var running = RunningSince(T0);
        tracker.Observe(desired, running with { Containers = [running.Containers[0] with { FinishedAt = T0.AddDays(-1), ExitCode = 1 }] });
        Assert.Empty(tracker.Holds());
        Assert.False(tracker.IsCrashLooping("job"));
    }

    [Fact]
    public void Restarts_by_docker_count_as_exits()
    {
        tracker.Observe(desired, RunningSince(T0, restarts: 0));
        time.SetUtcNow(T0.AddSeconds(30));
        tracker.Observe(desired, RunningSince(T0.AddSeconds(29), restarts: 4));
        Assert.True(tracker.IsCrashLooping("job"));
    }

    [Fact]
    public void A_new_container_or_an_app_no_longer_meant_to_run_starts_clean()
    {
        tracker.Observe(desired, Exited(T0));
        tracker.Observe(desired, Exited(T0.AddSeconds(30)));
        tracker.Observe(desired, Exited(T0.AddSeconds(60), id: "c2"));
        Assert.Equal(1, tracker.Crashes("job"));

        tracker.Observe(DesiredState.Empty, ObservedState.Empty);
        Assert.Empty(tracker.Holds());
        Assert.False(tracker.IsCrashLooping("job"));
    }

    [Fact]
    public void A_held_app_is_not_started_and_the_plan_says_why_and_until_when()
    {
        tracker.Observe(desired, Exited(T0.AddSeconds(-1)));
        tracker.Observe(desired, Exited(T0));
        var observed = Exited(T0) with { Images = new HashSet<string> { Image } };
        var plan = Planner.Compute(desired, observed, new UpdateGates { Holds = tracker.Holds() });
        Assert.Empty(plan.Steps);
        Assert.Equal("job: crash-looping: exited 2 time(s) in a row (last exit code 3); started again at 2026-11-30T08:00:10Z", Assert.Single(plan.Problems).ToString());

        time.SetUtcNow(T0.AddSeconds(10));
        Assert.IsType<StartContainerStep>(Assert.Single(Planner.Compute(desired, observed, new UpdateGates { Holds = tracker.Holds() }).Steps));
    }

    [Fact]
    public void A_container_docker_is_restarting_is_left_to_docker()
    {
        var observed = new ObservedState
        {
            Containers = [new ObservedContainer { Id = "c1", Name = "job", App = "job", SpecHash = desired.Apps["job"].SpecHash, Running = false, Restarting = true }],
            Images = new HashSet<string> { Image },
        };
        var plan = Planner.Compute(desired, observed);
        Assert.Empty(plan.Steps);
        Assert.Empty(plan.Problems);
    }

    [Fact]
    public async Task The_counts_survive_a_restart_of_the_agent_so_a_reboot_does_not_make_an_app_look_healthy()
    {
        var store = new MemoryStateStore();
        var before = new CrashLoopTracker(new BackoffPolicy(), time, store);
        await before.RestoreAsync(CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            before.Observe(desired, Exited(T0.AddMinutes(i)));
            await before.PersistAsync(CancellationToken.None);
        }

        // After the reboot the container runs again (Docker's restart policy), for less than ten minutes.
        var after = new CrashLoopTracker(new BackoffPolicy(), time, store);
        await after.RestoreAsync(CancellationToken.None);
        time.SetUtcNow(T0.AddMinutes(4));
        after.Observe(desired, RunningSince(T0.AddMinutes(3)));
        Assert.True(after.IsCrashLooping("job"));
        after.Observe(desired, Exited(T0.AddMinutes(4)));
        Assert.Equal(4, after.Holds()["job"].Crashes);
    }

    [Fact]
    public async Task A_damaged_document_starts_clean_and_a_failing_disk_does_not_stop_the_pass()
    {
        var store = new MemoryStateStore();
        await store.WriteAsync(CrashLoopTracker.Document, "{\"job\": [1, 2"u8.ToArray(), CancellationToken.None);
        var tracker = new CrashLoopTracker(new BackoffPolicy(), time, new FailingStateStore(store) { FailWrites = true });
        await tracker.RestoreAsync(CancellationToken.None);
        Assert.Empty(tracker.Holds());
        tracker.Observe(desired, Exited(T0));
        await tracker.PersistAsync(CancellationToken.None);
        Assert.Equal(1, tracker.Crashes("job"));
    }
}
