using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reporting;

namespace EdgeAgent.IntegrationTests.Mqtt;

/// <summary>The catch-up reads after every connect (ResubscribeSchedule): stale retained state handed out at a connect is replaced within the stated bound.</summary>
public sealed partial class AgentFleetTests
{
    [Fact]
    public async Task Retained_state_a_broker_had_not_yet_at_a_connect_or_a_reconnect_is_read_within_the_catch_up_bound_long_before_the_refresh()
    {
        // A NATS node that has just (re)started hands out retained messages from a copy that catches
        // up with the replicated stream only afterwards, and a publish that landed before the device's
        // subscription is not delivered live. Here mosquitto plays that node: it withholds a retained
        // group manifest its ACL does not yet allow the device to read (sent at subscribe time only),
        // and the operator allows it just after the device connected. With a refresh of an hour, only
        // the catch-up reads can bring it, at the first connect and again after a reconnect.
        var config = temp.AgentConfig(broker: BrokerJson().Replace("\"caFile\"", "\"refreshSeconds\": 3600, \"caFile\"", StringComparison.Ordinal), groups: ["demo", "catch-up-a", "catch-up-b"]);
        await PublishAsync("edge/v1/groups/catch-up-a/desired", Sign(GroupJson("catch-up-a", "itest-catch-up-a", version: 2), opKey));
        await PublishAsync("edge/v1/groups/catch-up-b/desired", Sign(GroupJson("catch-up-b", "itest-catch-up-b", version: 3), opKey));
        using var agent = StartAgent(config);
        try
        {
            await DockerHost.EventuallyAsync(() => Task.FromResult(Connects(agent) == 1), Timeout, "the agent connects");
            broker.AllowAndReload("user pi-01\ntopic read edge/v1/groups/catch-up-a/desired");
            await AppliedWithinCatchUpAsync("catch-up-a", 2, "a group withheld when the agent connected is applied within the catch-up bound");

            await RestartBrokerAsync(TimeSpan.Zero);
            await DockerHost.EventuallyAsync(() => Task.FromResult(Connects(agent) == 2), Timeout, "the agent reconnects after the broker's restart");
            broker.AllowAndReload("user pi-01\ntopic read edge/v1/groups/catch-up-b/desired");
            await AppliedWithinCatchUpAsync("catch-up-b", 3, "a group withheld when the agent reconnected is applied within the catch-up bound");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException($"{ex.Message}\nagent stdout:\n{agent.Stdout}\nstderr:\n{agent.Stderr}", ex);
        }

        Assert.Equal(2, Connects(agent)); // caught up by reads while connected, not by reconnecting
        Assert.Contains("Catch-up read 1 after connecting", agent.Stdout, StringComparison.Ordinal);
        Assert.True((await docker.InspectAsync("itest-catch-up-a")).State.Running);
        Assert.True((await docker.InspectAsync("itest-catch-up-b")).State.Running);
        await PublishAsync("edge/v1/groups/catch-up-a/desired", "");
        await PublishAsync("edge/v1/groups/catch-up-b/desired", "");
    }

    [Fact]
    public async Task While_a_group_subscription_stays_refused_the_state_withheld_at_the_connect_is_read_within_the_catch_up_bound()
    {
        // A device whose group the broker's authorization lacks: that subscription is refused (SUBACK
        // failure) for as long as it is connected. Its own desired state, withheld when it connected
        // (stale state at the connect) and released just after, must still come with the catch-up
        // reads of the granted topics (refresh of an hour), not wait for the refusal to end or for a
        // reconnect: the refused topic is asked for again on a clock of its own.
        var refusing = new RefusingMosquittoBroker();
        await refusing.InitializeAsync();
        try
        {
            await using (var operatorClient = await MqttTestClient.ConnectAsync(refusing, refusing.CertFile("edge-operator"), refusing.KeyFile("edge-operator"), "edge-operator"))
            {
                var code = await operatorClient.PublishAsync(DeviceTopic, Sign(Json(version: 1), opKey));
                Assert.True(code is MQTTnet.MqttClientPublishReasonCode.Success or MQTTnet.MqttClientPublishReasonCode.NoMatchingSubscribers, code.ToString());
            }

            await using var watcher = await MqttTestClient.ConnectAsync(refusing, refusing.CertFile("edge-monitor"), refusing.KeyFile("edge-monitor"), "edge-monitor");
            await watcher.SubscribeAsync("edge/v1/devices/pi-01/status");
            var brokerJson = $$"""{ "url": "mqtts://localhost:{{refusing.Port}}", "refreshSeconds": 3600, "caFile": "{{refusing.CaFile}}", "certFile": "{{refusing.CertFile("pi-01")}}", "keyFile": "{{refusing.KeyFile("pi-01")}}" }""";
            using var agent = StartAgent(temp.AgentConfig(broker: brokerJson, groups: ["refused"]));
            try
            {
                await DockerHost.EventuallyAsync(() => Task.FromResult(Connects(agent) == 1 && Refusals(agent) >= 1), Timeout, "the agent connects and its group subscription is refused");
                await refusing.ReleaseWithheldAsync();
                await DockerHost.EventuallyAsync(
                    () => Task.FromResult(watcher.Received.Where(m => m.Topic == "edge/v1/devices/pi-01/status" && m.Payload.Length > 0)
                        .Select(m => JsonSerializer.Deserialize(m.Payload, FleetJsonContext.Default.DeviceStatus)).LastOrDefault() is { Converged: true } s
                        && s.Streams.TryGetValue(DeviceTopic, out var stream) && stream.AppliedVersion == 1),
                    ResubscribeSchedule.CatchUpBound + TimeSpan.FromSeconds(30),
                    "the device's own manifest, withheld at the connect, is applied within the catch-up bound while its group stays refused");
                var refusalsWhenCaughtUp = Refusals(agent);
                await DockerHost.EventuallyAsync(() => Task.FromResult(Refusals(agent) > refusalsWhenCaughtUp), Timeout, "the group is asked for again, and refused again, after the device caught up");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new InvalidOperationException($"{ex.Message}\nagent stdout:\n{agent.Stdout}\nstderr:\n{agent.Stderr}", ex);
            }

            Assert.Equal(1, Connects(agent)); // read while connected, not by reconnecting
            var firstCatchUp = agent.Stdout.IndexOf("Catch-up read 1 after connecting", StringComparison.Ordinal);
            var accepted = agent.Stdout.IndexOf($"Accepted {DeviceTopic} v1", StringComparison.Ordinal);
            Assert.True(firstCatchUp >= 0 && accepted > firstCatchUp, $"the manifest was withheld at the connect and came with a catch-up read:\n{agent.Stdout}");
            Assert.True((await docker.InspectAsync("itest-web")).State.Running);
        }
        finally
        {
            await refusing.DisposeAsync();
        }
    }

    private static int Connects(Agent.AgentProcess agent) => agent.Stdout.Split("Connected to mqtts://").Length - 1;

    private static int Refusals(Agent.AgentProcess agent) => agent.Stdout.Split($"The broker refused the subscription to {RefusingMosquittoBroker.RefusedTopic}").Length - 1;

    /// <summary>The group's version is applied and converged within the catch-up bound, plus what creating its container takes on a busy machine.</summary>
    private Task AppliedWithinCatchUpAsync(string group, long version, string what) =>
        DockerHost.EventuallyAsync(
            () => Task.FromResult(LatestStatus() is { Converged: true } s && s.Streams.TryGetValue($"edge/v1/groups/{group}/desired", out var stream) && stream.AppliedVersion == version),
            ResubscribeSchedule.CatchUpBound + TimeSpan.FromSeconds(30),
            what);
}
