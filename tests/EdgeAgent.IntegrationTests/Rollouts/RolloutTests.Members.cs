using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Rollouts;

namespace EdgeAgent.IntegrationTests.Rollouts;

/// <summary>Who is in a rollout: the operator's device list decides, never a device's own status (README "Rolling out").</summary>
public sealed partial class RolloutTests
{
    [Fact]
    public async Task A_device_claiming_the_group_in_its_status_is_shown_and_never_counted_and_the_rollout_completes()
    {
        const string group = RolloutFleet.MemberGroup;
        var ids = RolloutFleet.DeviceIds("wm", 3);
        var id = $"{group}-v2";
        await using var observer = await FleetObserver.StartAsync(broker, group);
        await using var fleet = await SimulatedGroup.StartAsync(broker, ids, group, RootFile(), _ => false);
        await PublishFirstAsync(observer, group, ids);

        // A device provisioned in barn only says it is in the group (it could never read the group's
        // topics), and one the list puts in the group reports only barn (its configuration disagrees).
        await PublishAsync(Topics.Status("wm-liar"), Write("liar.json", Status("wm-liar", group)));
        await PublishAsync(Topics.Status("wm-barn"), Write("barn.json", Status("wm-barn", "barn")));
        try
        {
            var list = Listed(group, ids, $"wm-liar barn\nwm-barn {group} barn\n");
            var (exit, stdout, stderr) = await RunEdgeCtlAsync(
                ["rollout", "start", "--in", Signed(group, 2, "1.36"), "--group", group, "--devices", list, "--waves", "1,100%", "--health-seconds", "2", "--max-failures", "0", "--wave-timeout", "1m"]);

            Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
            Assert.Contains($"wm-liar reports group {group} but the operator's list does not put it there: not part of the rollout", stderr, StringComparison.Ordinal);
            Assert.Contains($"wm-barn is in group {group} by the operator's list but reports groups [\"barn\"]: left out", stderr, StringComparison.Ordinal);
            var record = await RecordAsync(observer, id, RolloutPhase.Completed);
            Assert.Equal(ids, record.AllDevices.Order(StringComparer.Ordinal));
            await AllAtAsync(observer, ids, 2, "every listed device on v2");
        }
        finally
        {
            await PublishAsync(Topics.Status("wm-liar"), Write("empty.json", ""));
            await PublishAsync(Topics.Status("wm-barn"), Write("empty.json", ""));
        }
    }

    [Fact]
    public async Task Resume_refuses_a_record_copied_to_another_rollouts_topic_and_a_manifest_the_root_did_not_sign()
    {
        const string group = RolloutFleet.MemberGroup;
        var ids = RolloutFleet.DeviceIds("wm", 3);
        var record = new RolloutRecord
        {
            Id = "wave-members-v7",
            Group = group,
            Version = 7,
            PreviousVersion = 1,
            Envelope = Convert.ToBase64String(File.ReadAllBytes(Signed(group, 7, "1.36"))),
            Waves = [ids],
            HealthSeconds = 1,
            MaxFailures = "0",
            WaveTimeoutSeconds = 60,
            Phase = RolloutPhase.Halted,
            UpdatedAt = DateTimeOffset.UtcNow.AddHours(-1),
        };
        var copied = "wave-members-copied";
        var forged = "wave-members-v8";
        using var stranger = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var unsigned = record with
        {
            Id = forged,
            Version = 8,
            Envelope = Convert.ToBase64String(File.ReadAllBytes(Signed(group, 8, "1.36", stranger))),
        };
        await PublishAsync(Topics.Rollout(copied), Write("copied.json", System.Text.Json.JsonSerializer.Serialize(record, RolloutJsonContext.Default.RolloutRecord)));
        await PublishAsync(Topics.Rollout(forged), Write("forged.json", System.Text.Json.JsonSerializer.Serialize(unsigned, RolloutJsonContext.Default.RolloutRecord)));
        try
        {
            var copy = await RunEdgeCtlAsync(["rollout", "resume", copied, "--root", RootFile()]);
            Assert.True(copy.ExitCode == 1, $"exit {copy.ExitCode}\n{copy.Stdout}\n{copy.Stderr}");
            Assert.Contains("it says it is rollout \"wave-members-v7\"", copy.Stderr, StringComparison.Ordinal);

            var forgery = await RunEdgeCtlAsync(["rollout", "resume", forged, "--root", RootFile()]);
            Assert.True(forgery.ExitCode == 1, $"exit {forgery.ExitCode}\n{forgery.Stdout}\n{forgery.Stderr}");
            Assert.Contains("refusing to roll out (signature-threshold-not-met)", forgery.Stderr, StringComparison.Ordinal);

            // Nothing was written or published: no record at the copied record's own id, no rollout topic touched.
            Assert.Null(await RetainedAsync(Topics.Rollout(record.Id)));
            Assert.Empty(await RetainedRolloutTopicsAsync(ids));
        }
        finally
        {
            await PublishAsync(Topics.Rollout(copied), Write("empty.json", ""));
            await PublishAsync(Topics.Rollout(forged), Write("empty.json", ""));
        }
    }

    private static string Status(string device, string group) =>
        $$"""{"deviceId":"{{device}}","agentVersion":"1.0.0","updatedAt":"2026-12-07T00:00:00Z","converged":true,"groups":["{{group}}"]}""";
}
