using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Rollouts;
using EdgeAgent.IntegrationTests.Agent;
using EdgeAgent.IntegrationTests.Mqtt;

namespace EdgeAgent.IntegrationTests.Rollouts;

/// <summary>A rollout whose retained message to one device the broker lost.</summary>
public sealed partial class RolloutTests
{
    [Fact]
    public async Task A_device_whose_rollout_message_the_broker_lost_is_given_it_again_and_the_wave_passes()
    {
        const string group = RolloutFleet.LostGroup;
        var ids = RolloutFleet.DeviceIds("wl", 3);
        const string lost = "wl-02";
        await using var observer = await FleetObserver.StartAsync(broker, group);
        // At QoS 0, as a large fleet on a NATS cluster is configured: nothing is queued while offline,
        // so the retained message is the device's only way to learn of the rollout.
        await using var fleet = await SimulatedGroup.StartAsync(broker, ids, group, RootFile(), _ => false, subscribeQos: 0);
        await PublishFirstAsync(observer, group, ids);
        await fleet.StopAsync(lost);

        using var rollout = AgentProcess.StartEdgeCtl(
            ["rollout", "start", "--in", Signed(group, 2, "1.36"), "--group", group, "--devices", Listed(group, ids), "--waves", "100%", "--health-seconds", "2", "--max-failures", "0", "--wave-timeout", "3m", .. BrokerArgs()]);

        // The broker "loses" the device's retained rollout message once it is there, while the device is away.
        await using (var eraser = await MqttTestClient.ConnectAsync(broker, broker.CertFile(RolloutFleet.Eraser), broker.KeyFile(RolloutFleet.Eraser), RolloutFleet.Eraser))
        {
            var topic = Topics.DeviceRollout(lost, group);
            await eraser.SubscribeAsync(topic);
            await DockerHost.EventuallyAsync(() => Task.FromResult(eraser.Received.Any(m => m.Topic == topic && m.Payload.Length > 0)), TimeSpan.FromSeconds(30), "the rollout gave the wave its manifest");
            Assert.Equal(MQTTnet.MqttClientPublishReasonCode.Success, await eraser.PublishAsync(topic, ""));
        }

        // (Checked as the eraser: the operator identity would take edgectl's connection over, and
        // edgectl publishes everything again after a reconnect, which is not what is tested here.)
        await using (var check = await MqttTestClient.ConnectAsync(broker, broker.CertFile(RolloutFleet.Eraser), broker.KeyFile(RolloutFleet.Eraser), RolloutFleet.Eraser))
        {
            await check.SubscribeAsync(Topics.DeviceRollout(lost, group));
            await Task.Delay(1000);
            Assert.DoesNotContain(check.Received, m => m.Payload.Length > 0);
        }

        await using var returned = await SimulatedGroup.StartAsync(broker, [lost], group, RootFile(), _ => false, subscribeQos: 0);

        var exit = await rollout.WaitForExitAsync(TimeSpan.FromMinutes(4));
        Assert.True(exit == 0, $"exit {exit}\n{rollout.Stdout}\n{rollout.Stderr}");
        Assert.Contains("every wave passed", rollout.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("retrying", rollout.Stderr, StringComparison.Ordinal); // no reconnect republished it
        Assert.Contains(lost, (await RecordAsync(observer, $"{group}-v2", RolloutPhase.Completed)).Waves.Single());
        await AllAtAsync(observer, ids, 2, "every device on v2, the returned one included");
    }
}
