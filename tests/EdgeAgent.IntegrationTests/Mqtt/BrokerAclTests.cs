extern alias edgectl;

using EdgeAgent.IntegrationTests.Agent;
using edgectl::EdgeCtl.Commands;
using MQTTnet;

namespace EdgeAgent.IntegrationTests.Mqtt;

/// <summary>broker-config on a real mosquitto: who may read and write which topics.</summary>
public sealed class BrokerAclTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private Task<MqttTestClient> As(string identity) =>
        MqttTestClient.ConnectAsync(broker, broker.CertFile(identity), broker.KeyFile(identity), identity);

    private static async Task SettleAsync() => await Task.Delay(500);

    /// <summary>MQTT 5: "no matching subscribers" is a success too (the broker took the message).</summary>
    private static bool Accepted(MqttClientPublishReasonCode code) =>
        code is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers;

    [Fact]
    public async Task Devices_read_only_their_own_desired_state_and_the_trust_root()
    {
        await using var operatorClient = await As("edge-operator");
        Assert.True(Accepted(await operatorClient.PublishAsync("edge/v1/devices/pi-01/desired", "for pi-01")));
        Assert.True(Accepted(await operatorClient.PublishAsync("edge/v1/trust/root", "root")));
        Assert.True(Accepted(await operatorClient.PublishAsync("edge/v1/groups/barn/desired", "for barn")));

        await using var pi01 = await As("pi-01");
        await using var pi02 = await As("pi-02");
        await pi01.SubscribeAsync("edge/v1/devices/pi-01/desired");
        await pi01.SubscribeAsync("edge/v1/trust/root");
        // Not one of pi-01's groups: acl_file grants the subscription and withholds the messages, so a
        // device whose group lines are missing is told nothing (README Troubleshooting).
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await pi01.SubscribeAsync("edge/v1/groups/barn/desired"));
        await pi02.SubscribeAsync("edge/v1/devices/pi-01/desired");
        await pi02.SubscribeAsync("edge/v1/devices/+/desired");
        await pi02.SubscribeAsync("edge/v1/groups/barn/desired");
        await SettleAsync();

        Assert.Contains(pi01.Received, m => m.Topic == "edge/v1/devices/pi-01/desired" && m.Payload == "for pi-01");
        Assert.Contains(pi01.Received, m => m.Topic == "edge/v1/trust/root");
        Assert.DoesNotContain(pi01.Received, m => m.Topic.StartsWith("edge/v1/groups/", StringComparison.Ordinal));
        Assert.DoesNotContain(pi02.Received, m => m.Topic == "edge/v1/devices/pi-01/desired");
        Assert.Contains(pi02.Received, m => m.Topic == "edge/v1/groups/barn/desired" && m.Payload == "for barn");
    }

    [Fact]
    public async Task Devices_write_only_their_own_reports_and_never_desired_state_or_trust()
    {
        await using var operatorClient = await As("edge-operator");
        await operatorClient.SubscribeAsync("edge/v1/#");
        await using var pi02 = await As("pi-02");

        Assert.True(Accepted(await pi02.PublishAsync("edge/v1/devices/pi-02/status", "pi-02 ok", retain: false)));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await pi02.PublishAsync("edge/v1/devices/pi-01/status", "forged", retain: false));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await pi02.PublishAsync("edge/v1/devices/pi-02/desired", "self-granted", retain: false));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await pi02.PublishAsync("edge/v1/groups/barn/desired", "forged", retain: false));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await pi02.PublishAsync("edge/v1/trust/root", "forged", retain: false));
        await SettleAsync();

        Assert.Contains(operatorClient.Received, m => m.Topic == "edge/v1/devices/pi-02/status");
        Assert.DoesNotContain(operatorClient.Received, m => m.Payload is "forged" or "self-granted");
    }

    [Fact]
    public async Task Rollout_topics_are_read_by_their_device_only_and_written_by_operators_only()
    {
        await using var operatorClient = await As("edge-operator");
        Assert.True(Accepted(await operatorClient.PublishAsync("edge/v1/devices/pi-01/rollout/barn", "wave for pi-01")));
        Assert.True(Accepted(await operatorClient.PublishAsync("edge/v1/rollouts/barn-v2", "record")));

        await using var pi01 = await As("pi-01");
        await using var pi02 = await As("pi-02");
        await using var monitor = await As("edge-monitor");
        await pi01.SubscribeAsync("edge/v1/devices/pi-01/rollout/+");
        await pi02.SubscribeAsync("edge/v1/devices/pi-01/rollout/+");
        await pi02.SubscribeAsync("edge/v1/rollouts/#");
        await monitor.SubscribeAsync("edge/v1/rollouts/#");
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await pi01.PublishAsync("edge/v1/devices/pi-01/rollout/barn", "self-granted", retain: false));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await pi02.PublishAsync("edge/v1/devices/pi-01/rollout/barn", "forged", retain: false));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await monitor.PublishAsync("edge/v1/rollouts/barn-v2/control", "forged", retain: false));
        await SettleAsync();

        Assert.Contains(pi01.Received, m => m.Topic == "edge/v1/devices/pi-01/rollout/barn" && m.Payload == "wave for pi-01");
        Assert.DoesNotContain(pi01.Received, m => m.Payload is "self-granted" or "forged");
        Assert.Empty(pi02.Received);
        Assert.Contains(monitor.Received, m => m.Topic == "edge/v1/rollouts/barn-v2" && m.Payload == "record");
        await operatorClient.PublishAsync("edge/v1/devices/pi-01/rollout/barn", "");
        await operatorClient.PublishAsync("edge/v1/rollouts/barn-v2", "");
    }

    [Fact]
    public async Task Clients_without_a_fleet_certificate_are_refused()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => MqttTestClient.ConnectAsync(broker, null, null, "anonymous"));
        var rogueCert = Path.Combine(broker.Pki, "rogue", "pi-01.pem");
        await Assert.ThrowsAnyAsync<Exception>(() => MqttTestClient.ConnectAsync(broker, rogueCert, Path.ChangeExtension(rogueCert, ".key"), "rogue"));

        // And the properly certified client still gets in.
        await using var pi01 = await As("pi-01");
        Assert.True(Accepted(await pi01.PublishAsync("edge/v1/devices/pi-01/online", "online")));
    }

    [Fact]
    public async Task No_device_certificate_has_an_operator_or_monitor_name_and_names_near_them_get_a_devices_rights_only()
    {
        // The reserved names (tests/corpus/device-names): the real edgectl makes no device or broker certificate with them.
        var names = CorpusTable.InRows(CorpusTable.Folder("device-names"), columns: 2);
        using var temp = new TempDirectory();
        foreach (var name in names.Where(n => n[1] == "reserved").Select(n => n[0]).Take(3))
        {
            foreach (var kind in new[] { "device", "broker" })
            {
                var (exit, _, stderr) = await AgentProcess.RunEdgeCtlAsync("cert", "issue", "--ca", Path.Combine(broker.Pki, "ca"), "--name", name, "--kind", kind, "--out", temp.Path);
                Assert.True(exit == 2 && stderr.Contains("reserved for the broker's operators and monitors", StringComparison.Ordinal), $"{kind} {name}: exit {exit} {stderr}");
            }
        }

        Assert.Empty(Directory.EnumerateFiles(temp.Path));

        // Names that only look like them are devices, and the real broker treats them as devices.
        await using var operatorClient = await As("edge-operator");
        Assert.True(Accepted(await operatorClient.PublishAsync("edge/v1/devices/pi-01/rollout/barn", "from the operator", retain: false)));
        foreach (var name in names.Where(n => n[1] == "device" && (n[0].Contains("operator", StringComparison.Ordinal) || n[0].Contains("monitor", StringComparison.Ordinal))).Select(n => n[0]))
        {
            CaCommands.Issue(Path.Combine(broker.Pki, "ca"), name, "device", [], 1, temp.Path);
            await using var near = await MqttTestClient.ConnectAsync(broker, Path.Combine(temp.Path, name + ".pem"), Path.Combine(temp.Path, name + ".key"), name);
            await near.SubscribeAsync("edge/v1/devices/+/status");
            await near.SubscribeAsync("edge/v1/rollouts/#");
            Assert.True(Accepted(await near.PublishAsync($"edge/v1/devices/{name}/status", "own status", retain: false)), name);
            foreach (var topic in new[] { "edge/v1/devices/pi-01/rollout/barn", "edge/v1/devices/pi-01/desired", "edge/v1/groups/barn/desired", "edge/v1/trust/root", "edge/v1/rollouts/barn-v2/control", "edge/v1/devices/pi-01/requests" })
            {
                Assert.True(await near.PublishAsync(topic, "forged", retain: false) == MqttClientPublishReasonCode.NotAuthorized, $"{name} may write {topic}");
            }

            await operatorClient.PublishAsync("edge/v1/devices/pi-02/status", "pi-02's status", retain: false);
            await operatorClient.PublishAsync("edge/v1/rollouts/barn-v2", "record", retain: false);
            await SettleAsync();
            Assert.DoesNotContain(near.Received, m => m.Payload is "pi-02's status" or "record");
        }
    }
}
