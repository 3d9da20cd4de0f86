using System.Security.Cryptography;
using System.Text;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Rollouts;
using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests.Rollouts;

/// <summary>
/// `edgectl rollout` (the real program) on a real mosquitto with simulated devices running the
/// agent's own session, trust, merge and reconcile loop: a clean rollout over 50 devices wave by
/// wave, a failing wave halted and moved back alone, and a driver killed and resumed.
/// </summary>
public sealed partial class RolloutTests(RolloutFleet broker) : IClassFixture<RolloutFleet>, IDisposable
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    private readonly ECDsa rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa opKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task A_clean_rollout_moves_50_devices_wave_by_wave_and_leaves_them_following_the_group()
    {
        const string group = RolloutFleet.CleanGroup;
        var ids = RolloutFleet.DeviceIds("wc", 50);
        await using var observer = await FleetObserver.StartAsync(broker, group);
        await using var fleet = await SimulatedGroup.StartAsync(broker, ids, group, RootFile(), _ => false);
        await PublishFirstAsync(observer, group, ids);

        var (exit, stdout, stderr) = await RunEdgeCtlAsync(
            ["rollout", "start", "--in", Signed(group, 2, "1.36"), "--group", group, "--devices", Listed(group, ids), "--waves", "1,10,50%,100%", "--health-seconds", "2", "--max-failures", "0", "--wave-timeout", "2m"]);

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("every wave passed", stdout, StringComparison.Ordinal);
        var record = await RecordAsync(observer, $"{group}-v2", RolloutPhase.Completed);
        Assert.Equal([1, 9, 15, 25], record.Waves.Select(w => w.Count));
        Assert.Equal(ids, record.AllDevices.Order(StringComparer.Ordinal));
        await AllAtAsync(observer, ids, 2, "every device on v2");

        // Wave by wave: no device of a later wave had v2 before every device of the wave before it.
        for (var wave = 1; wave < record.Waves.Count; wave++)
        {
            var previousDone = record.Waves[wave - 1].Max(d => observer.FirstApplied(d, 2)!.Value);
            var nextStarted = record.Waves[wave].Min(d => observer.FirstApplied(d, 2)!.Value);
            Assert.True(nextStarted > previousDone, $"wave {wave + 1} started at {nextStarted:O}, before wave {wave} was done at {previousDone:O}");
        }

        // The group topic holds v2 and no rollout topic holds anything: later group publishes reach every device.
        Assert.Equal(2, ManifestPeek.Version(Encoding.UTF8.GetBytes(await RetainedAsync(Topics.GroupDesired(group)) ?? "")));
        Assert.Empty(await RetainedRolloutTopicsAsync(ids));
        await PublishAsync(Topics.GroupDesired(group), Signed(group, 3, "1.37"));
        await AllAtAsync(observer, ids, 3, "every device on v3, published to the group after the rollout");
        await StaysAsync(() => ids.All(d => observer.IsAt(d, 3) && !observer.Status(d)!.Streams.Keys.Any(s => Topics.RolloutGroupOf(s) is not null)), "all on v3, following the group topic only");
    }

    [Fact]
    public async Task A_wave_whose_devices_cannot_start_the_app_halts_and_only_that_wave_returns_to_the_previous_manifest()
    {
        const string group = RolloutFleet.FailGroup;
        var ids = RolloutFleet.DeviceIds("wf", 12);
        await using var observer = await FleetObserver.StartAsync(broker, group);
        await using var fleet = await SimulatedGroup.StartAsync(broker, ids, group, RootFile(), id => id != "wf-00");
        await PublishFirstAsync(observer, group, ids);

        var (exit, stdout, stderr) = await RunEdgeCtlAsync(
            ["rollout", "start", "--in", Signed(group, 2, "cannot-start"), "--group", group, "--devices", Listed(group, ids), "--first", "wf-00", "--waves", "6,100%", "--health-seconds", "2", "--max-failures", "0", "--wave-timeout", "1m"]);

        Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("halted", stdout, StringComparison.Ordinal);
        var record = await RecordAsync(observer, $"{group}-v2", RolloutPhase.Halted);
        Assert.Equal(["wf-00"], record.Waves[0]);
        var failedWave = record.Waves[1];
        var untouched = record.Waves[2];
        Assert.Equal(1, record.Wave);
        // The wave halts at the first judgement that sees a failure (one second apart): it names the
        // devices failed by then, at least one, and moves the whole wave back.
        Assert.NotEmpty(record.Failed);
        Assert.Subset(failedWave.ToHashSet(StringComparer.Ordinal), record.Failed.ToHashSet(StringComparer.Ordinal));

        // The failed wave is back on v1, running; the canary keeps v2; the last wave never saw v2.
        await AllAtAsync(observer, failedWave, 1, "the failed wave back on v1");
        Assert.True(observer.IsAt("wf-00", 2), observer.Describe(["wf-00"]));
        Assert.All(untouched, d => Assert.Null(observer.FirstApplied(d, 2)));
        await StaysAsync(() => failedWave.All(d => observer.IsAt(d, 1)) && observer.IsAt("wf-00", 2) && untouched.All(d => observer.IsAt(d, 1)), "halted and stable");

        // Abort: every device of the rollout, the canary too, returns to the group's manifest.
        var abort = await RunEdgeCtlAsync(["rollout", "abort", $"{group}-v2"]);
        Assert.True(abort.ExitCode == 0, abort.Stdout + abort.Stderr);
        await RecordAsync(observer, $"{group}-v2", RolloutPhase.Aborted);
        await AllAtAsync(observer, ids, 1, "every device back on v1 after abort");
    }

    [Fact]
    public async Task A_driver_killed_mid_rollout_leaves_it_where_it_was_and_another_resumes_it()
    {
        const string group = RolloutFleet.KillGroup;
        var ids = RolloutFleet.DeviceIds("wk", 12);
        var id = $"{group}-v2";
        await using var observer = await FleetObserver.StartAsync(broker, group);
        await using var fleet = await SimulatedGroup.StartAsync(broker, ids, group, RootFile(), _ => false);
        await PublishFirstAsync(observer, group, ids);

        using (var driver = AgentProcess.StartEdgeCtl(
            ["rollout", "start", "--in", Signed(group, 2, "1.36"), "--group", group, "--devices", Listed(group, ids), "--waves", "1,3,6,100%", "--health-seconds", "3", "--max-failures", "0", .. BrokerArgs()]))
        {
            await DockerHost.EventuallyAsync(() => Task.FromResult(observer.Record(id) is { Wave: >= 1 } || driver.HasExited), Converge, "the second wave started");
            Assert.False(driver.HasExited, $"edgectl exited early:\n{driver.Stdout}\n{driver.Stderr}");
            driver.Kill();
        }

        var killedAt = observer.Record(id)!;
        Assert.Equal(RolloutPhase.Running, killedAt.Phase);
        await Task.Delay(TimeSpan.FromSeconds(6)); // three health periods: a live driver would have moved on
        Assert.Equal(killedAt.Wave, observer.Record(id)!.Wave);
        Assert.All(killedAt.Waves.Skip(killedAt.Wave + 1).SelectMany(w => w), d => Assert.Null(observer.FirstApplied(d, 2)));

        var status = await RunEdgeCtlAsync(["rollout", "status", id]);
        Assert.True(status.ExitCode == 0 && status.Stdout.Contains("running", StringComparison.Ordinal), status.Stdout + status.Stderr);
        var refused = await RunEdgeCtlAsync(["rollout", "resume", id, "--root", RootFile()]);
        Assert.True(refused.ExitCode == 1 && refused.Stderr.Contains("another edgectl is driving it", StringComparison.Ordinal), refused.Stdout + refused.Stderr);

        var (exit, stdout, stderr) = await RunEdgeCtlAsync(["rollout", "resume", id, "--force", "--root", RootFile()]);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        await RecordAsync(observer, id, RolloutPhase.Completed);
        await AllAtAsync(observer, ids, 2, "every device on v2 after the resumed rollout");
        Assert.Empty(await RetainedRolloutTopicsAsync(ids));
    }

    [Fact]
    public async Task A_pause_from_another_terminal_stops_the_driver_between_waves_and_a_resume_finishes_the_rollout()
    {
        const string group = RolloutFleet.PauseGroup;
        var ids = RolloutFleet.DeviceIds("wp", 6);
        var id = $"{group}-v2";
        await using var observer = await FleetObserver.StartAsync(broker, group);
        await using var fleet = await SimulatedGroup.StartAsync(broker, ids, group, RootFile(), _ => false);
        await PublishFirstAsync(observer, group, ids);

        using var driver = AgentProcess.StartEdgeCtl(
            ["rollout", "start", "--in", Signed(group, 2, "1.36"), "--group", group, "--devices", Listed(group, ids), "--waves", "1,3,100%", "--health-seconds", "2", "--max-failures", "0", .. BrokerArgs()]);
        await DockerHost.EventuallyAsync(() => Task.FromResult(observer.Record(id) is { Wave: >= 1 } || driver.HasExited), Converge, "the second wave started");
        var pause = await RunEdgeCtlAsync(["rollout", "pause", id]);
        Assert.True(pause.ExitCode == 0, pause.Stdout + pause.Stderr);

        // The driver loses its connection to the pause (one operator identity), reconnects, reads the request and stops.
        Assert.Equal(0, await driver.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("paused", driver.Stdout, StringComparison.Ordinal);
        var paused = await RecordAsync(observer, id, RolloutPhase.Paused);
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.All(paused.Waves.Skip(paused.Wave + 1).SelectMany(w => w), d => Assert.Null(observer.FirstApplied(d, 2)));

        var (exit, stdout, stderr) = await RunEdgeCtlAsync(["rollout", "resume", id, "--root", RootFile()]);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        await RecordAsync(observer, id, RolloutPhase.Completed);
        await AllAtAsync(observer, ids, 2, "every device on v2 after the resumed rollout");
    }

    public void Dispose()
    {
        rootKey.Dispose();
        opKey.Dispose();
        temp.Dispose();
    }
}
