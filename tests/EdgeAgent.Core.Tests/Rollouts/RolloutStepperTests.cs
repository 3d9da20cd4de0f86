using EdgeAgent.Core.Reporting;
using EdgeAgent.Core.Rollouts;

namespace EdgeAgent.Core.Tests.Rollouts;

/// <summary>The rollout state machine: what is written and published for each situation.</summary>
public sealed class RolloutStepperTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly RolloutRecord Planned = new()
    {
        Id = "greenhouse-v7",
        Group = "greenhouse",
        Version = 7,
        PreviousVersion = 6,
        Envelope = "e30=",
        Waves = [["pi-01"], ["pi-02", "pi-03"], ["pi-04", "pi-05", "pi-06"]],
        HealthSeconds = 60,
        MaxFailures = "0",
        WaveTimeoutSeconds = 600,
    };

    private static RolloutRecord InWave(int wave, DateTimeOffset? startedAt = null) =>
        RolloutStepper.Start(Planned, Now.AddHours(-1)).Record with { Wave = wave, WaveStartedAt = startedAt ?? Now.AddMinutes(-2) };

    private static Dictionary<string, WaveDeviceState> States(params (string Device, WaveDeviceState State)[] states) =>
        states.ToDictionary(s => s.Device, s => s.State, StringComparer.Ordinal);

    private static Dictionary<string, DateTimeOffset> HealthyFor(int seconds, params string[] devices) =>
        devices.ToDictionary(d => d, _ => Now.AddSeconds(-seconds), StringComparer.Ordinal);

    private static RolloutStep Next(RolloutRecord record, Dictionary<string, WaveDeviceState> states, Dictionary<string, DateTimeOffset>? since = null, RolloutControl? control = null, long? group = 6) =>
        RolloutStepper.Next(record, states, since ?? [], control, group, Now);

    [Fact]
    public void Start_gives_the_manifest_to_the_first_wave_only()
    {
        var step = RolloutStepper.Start(Planned, Now);
        Assert.Equal(RolloutPhase.Running, step.Record.Phase);
        Assert.Equal(0, step.Record.Wave);
        Assert.Equal(new RolloutAction(RolloutActionKind.Give, ["pi-01"]).Kind, Assert.Single(step.Actions).Kind);
        Assert.Equal(["pi-01"], step.Actions[0].Devices);
    }

    [Fact]
    public void A_wave_waits_while_devices_apply_and_until_healthy_for_the_whole_period()
    {
        var record = InWave(1);
        Assert.False(Next(record, States(("pi-02", WaveDeviceState.Healthy), ("pi-03", WaveDeviceState.Applied))).Changed);
        Assert.False(Next(record, States(("pi-02", WaveDeviceState.Healthy), ("pi-03", WaveDeviceState.Healthy)), HealthyFor(59, "pi-02", "pi-03")).Changed);
    }

    [Fact]
    public void A_healthy_wave_starts_the_next_one()
    {
        var step = Next(InWave(1), States(("pi-02", WaveDeviceState.Healthy), ("pi-03", WaveDeviceState.Healthy)), HealthyFor(60, "pi-02", "pi-03"));

        Assert.Equal(2, step.Record.Wave);
        Assert.Equal(Now, step.Record.WaveStartedAt);
        var give = Assert.Single(step.Actions);
        Assert.Equal(RolloutActionKind.Give, give.Kind);
        Assert.Equal(["pi-04", "pi-05", "pi-06"], give.Devices);
    }

    [Fact]
    public void A_failing_wave_halts_and_only_its_devices_are_released()
    {
        var step = Next(InWave(1), States(("pi-02", WaveDeviceState.Failed), ("pi-03", WaveDeviceState.Healthy)), HealthyFor(120, "pi-03"));

        Assert.Equal(RolloutPhase.Halted, step.Record.Phase);
        Assert.Equal(["pi-02"], step.Record.Failed);
        Assert.Contains("returned to the group's manifest, v6", step.Record.Message, StringComparison.Ordinal);
        var release = Assert.Single(step.Actions);
        Assert.Equal(RolloutActionKind.Release, release.Kind);
        Assert.Equal(["pi-02", "pi-03"], release.Devices);
    }

    [Fact]
    public void A_halt_names_what_the_group_topic_holds_not_what_the_record_remembers()
    {
        // The record says the group was on v6 when the rollout started; the group topic holds v3 now.
        var step = Next(InWave(1) with { PreviousVersion = 1 }, States(("pi-02", WaveDeviceState.Failed)), group: 3);

        Assert.Equal(RolloutPhase.Halted, step.Record.Phase);
        Assert.Contains("returned to the group's manifest, v3", step.Record.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("v1", step.Record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_last_healthy_wave_publishes_to_the_group_then_clears_every_rollout_topic()
    {
        var step = Next(InWave(2), States(("pi-04", WaveDeviceState.Healthy), ("pi-05", WaveDeviceState.Healthy), ("pi-06", WaveDeviceState.Healthy)), HealthyFor(61, "pi-04", "pi-05", "pi-06"));

        Assert.Equal(RolloutPhase.Completed, step.Record.Phase);
        Assert.Equal([RolloutActionKind.PublishToGroup, RolloutActionKind.Clear], step.Actions.Select(a => a.Kind));
        Assert.Equal(6, step.Actions[1].Devices.Count);
    }

    [Theory]
    [InlineData(7, RolloutPhase.Completed)] // a driver killed between publishing to the group and clearing
    [InlineData(8, RolloutPhase.Superseded)] // an operator published a newer manifest to the group directly
    public void A_group_topic_at_or_past_the_rollouts_version_ends_it_and_clears_the_rollout_topics(long group, RolloutPhase phase)
    {
        var step = Next(InWave(1), States(("pi-02", WaveDeviceState.Failed), ("pi-03", WaveDeviceState.Failed)), group: group);

        Assert.Equal(phase, step.Record.Phase);
        Assert.Equal(RolloutActionKind.Clear, Assert.Single(step.Actions).Kind);
    }

    [Fact]
    public void Abort_releases_every_device_and_pause_publishes_nothing()
    {
        var aborted = Next(InWave(1), [], control: new RolloutControl(RolloutRequest.Abort, Now));
        Assert.Equal(RolloutPhase.Aborted, aborted.Record.Phase);
        Assert.Equal(6, Assert.Single(aborted.Actions).Devices.Count);

        var paused = Next(InWave(1), [], control: new RolloutControl(RolloutRequest.Pause, Now));
        Assert.Equal(RolloutPhase.Paused, paused.Record.Phase);
        Assert.Empty(paused.Actions);
        Assert.False(Next(paused.Record, States(("pi-02", WaveDeviceState.Failed))).Changed); // a paused rollout judges nothing
    }

    [Fact]
    public void Devices_not_healthy_when_the_wave_times_out_count_as_failed()
    {
        var record = InWave(1, Now.AddSeconds(-600));
        var step = Next(record, States(("pi-02", WaveDeviceState.Healthy)), HealthyFor(300, "pi-02"));

        Assert.Equal(RolloutPhase.Halted, step.Record.Phase);
        Assert.Equal(["pi-03"], step.Record.Failed); // pending (e.g. offline) for the whole timeout

        var tolerant = record with { MaxFailures = "1" };
        Assert.Equal(2, Next(tolerant, States(("pi-02", WaveDeviceState.Healthy)), HealthyFor(300, "pi-02")).Record.Wave);
    }

    [Fact]
    public void Resume_retries_a_halted_wave_and_gives_every_reached_device_the_manifest_again()
    {
        var halted = InWave(1) with { Phase = RolloutPhase.Halted, Failed = ["pi-02"] };
        var step = RolloutStepper.Resume(halted, Now);

        Assert.Equal(RolloutPhase.Running, step.Record.Phase);
        Assert.Equal(1, step.Record.Wave);
        Assert.Empty(step.Record.Failed);
        Assert.Equal(["pi-01", "pi-02", "pi-03"], Assert.Single(step.Actions).Devices);
        Assert.False(RolloutStepper.Resume(halted with { Phase = RolloutPhase.Completed }, Now).Changed);
    }

    public static TheoryData<RolloutPhase, string> Reasserted() => new()
    {
        { RolloutPhase.Running, "Give pi-01,pi-02,pi-03" },
        { RolloutPhase.Paused, "Give pi-01,pi-02,pi-03" },
        { RolloutPhase.Halted, "Give pi-01 | Release pi-02,pi-03" },
        { RolloutPhase.Aborted, "Release pi-01,pi-02,pi-03,pi-04,pi-05,pi-06" },
        { RolloutPhase.Completed, "PublishToGroup  | Clear pi-01,pi-02,pi-03,pi-04,pi-05,pi-06" },
        { RolloutPhase.Superseded, "Clear pi-01,pi-02,pi-03,pi-04,pi-05,pi-06" },
    };

    [Theory]
    [MemberData(nameof(Reasserted))]
    public void A_resumed_driver_publishes_again_what_the_record_implies(RolloutPhase phase, string expected) =>
        Assert.Equal(expected, string.Join(" | ", RolloutStepper.Reassert(InWave(1) with { Phase = phase }, 6).Select(a => $"{a.Kind} {string.Join(",", a.Devices)}")));

    [Theory]
    [InlineData(7)]
    [InlineData(9)]
    public void A_completed_rollout_never_republishes_its_manifest_over_the_same_or_a_newer_group_version(long groupVersion) =>
        Assert.DoesNotContain(RolloutStepper.Reassert(InWave(1) with { Phase = RolloutPhase.Completed }, groupVersion), a => a.Kind == RolloutActionKind.PublishToGroup);

    [Theory]
    [InlineData(RolloutPhase.Running, "", "Give pi-04,pi-05,pi-06")] // none reported: all pending
    [InlineData(RolloutPhase.Running, "pi-04=Applied pi-05=Healthy", "Give pi-06")]
    [InlineData(RolloutPhase.Running, "pi-04=Failed pi-05=Pending pi-06=Applied", "Give pi-05")]
    [InlineData(RolloutPhase.Running, "pi-04=Healthy pi-05=Healthy pi-06=Failed", "")] // nobody waits for it
    [InlineData(RolloutPhase.Running, "pi-01=Pending pi-02=Pending", "Give pi-04,pi-05,pi-06")] // earlier waves are not given again
    [InlineData(RolloutPhase.Paused, "", "")]
    [InlineData(RolloutPhase.Halted, "", "")]
    [InlineData(RolloutPhase.Completed, "", "")]
    public void The_wave_is_given_again_only_to_its_devices_that_have_not_applied_it(RolloutPhase phase, string reported, string expected)
    {
        var states = reported.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split('='))
            .ToDictionary(r => r[0], r => Enum.Parse<WaveDeviceState>(r[1]), StringComparer.Ordinal);
        var record = InWave(2) with { Phase = phase, Waves = [["pi-01"], ["pi-02", "pi-03"], ["pi-04", "pi-05", "pi-06", "pi-05"]] };

        Assert.Equal(expected, string.Join(" | ", RolloutStepper.GiveAgain(record, states).Select(a => $"{a.Kind} {string.Join(",", a.Devices)}")));
    }

    [Theory]
    [InlineData(7L, null, 6L, null, 7L)] // applied from the rollout topic
    [InlineData(null, null, 7L, null, 7L)] // the rollout completed and the topic was cleared
    [InlineData(5L, null, 6L, null, 6L)] // an older rollout left behind: the group topic wins
    [InlineData(null, 7L, 6L, 7L, 6L)] // refused the rollout's manifest
    public void Reads_a_device_report_from_its_status(long? rollout, long? rejected, long? group, long? expectedRejected, long? expectedApplied)
    {
        var streams = new Dictionary<string, StreamStatus>();
        if (rollout is not null || rejected is not null)
        {
            streams["edge/v1/devices/pi-01/rollout/greenhouse"] = new StreamStatus
            {
                AppliedVersion = rollout,
                Rejected = rejected is null ? null : new StreamRejection { Version = rejected, Reason = EdgeAgent.Core.Admission.RejectionReason.MergeInvalid, At = Now },
            };
        }

        streams["edge/v1/groups/greenhouse/desired"] = new StreamStatus { AppliedVersion = group };
        var status = new DeviceStatus { DeviceId = "pi-01", AgentVersion = "0.1.0", UpdatedAt = Now, Converged = true, Streams = streams };

        var report = WaveDeviceReport.Of(status, "greenhouse");
        Assert.Equal(expectedApplied, report.AppliedVersion);
        Assert.Equal(expectedRejected, report.RejectedVersion);
    }
}
