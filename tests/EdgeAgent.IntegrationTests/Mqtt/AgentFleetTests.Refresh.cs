using System.Text.RegularExpressions;

namespace EdgeAgent.IntegrationTests.Mqtt;

/// <summary>The agent's periodic refresh (broker.refreshSeconds): what it repairs without a reconnect.</summary>
public sealed partial class AgentFleetTests
{
    [Fact]
    public async Task A_group_the_acl_allows_later_is_followed_at_the_next_refresh_without_a_reconnect()
    {
        // mosquitto grants a subscription its ACL forbids and withholds the messages; the retained
        // one is sent at subscribe time only, so the agent's periodic subscription (refreshSeconds)
        // is what brings it once an operator adds the group's ACL lines.
        var config = temp.AgentConfig(broker: BrokerJson().Replace("\"caFile\"", "\"refreshSeconds\": 10, \"caFile\"", StringComparison.Ordinal), groups: ["demo", "late-acl"]);
        using var agent = StartAgent(config);
        await PublishAsync(DeviceTopic, Sign(Json(version: 1), opKey));
        await PublishAsync("edge/v1/groups/late-acl/desired", Sign(GroupJson("late-acl", "itest-late-app", version: 4), opKey));
        await ConvergedAtAsync(1, agent, "device manifest applied");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(LatestStatus()!.Streams.ContainsKey("edge/v1/groups/late-acl/desired"));
        var connects = agent.Stdout.Split("Connected to").Length;

        broker.AllowAndReload("user pi-01\ntopic read edge/v1/groups/late-acl/desired");
        await DockerHost.EventuallyAsync(
            () => Task.FromResult(LatestStatus() is { Converged: true } s && s.Streams.TryGetValue("edge/v1/groups/late-acl/desired", out var stream) && stream.AppliedVersion == 4),
            TimeSpan.FromSeconds(60),
            "the group's manifest is followed once the ACL allows it, within a refresh and without a reconnect");
        Assert.True((await docker.InspectAsync("itest-late-app")).State.Running);
        Assert.Equal(connects, agent.Stdout.Split("Connected to").Length);
    }

    [Fact]
    public async Task A_retained_status_and_online_state_the_broker_lost_are_published_again_unchanged_at_the_next_refresh()
    {
        // An overloaded NATS cluster acknowledges a retained publish it fails to store; MQTT 3.1.1 cannot
        // tell the device. Here the operator erases them, as the broker would have lost them.
        var config = temp.AgentConfig(broker: BrokerJson().Replace("\"caFile\"", "\"refreshSeconds\": 10, \"caFile\"", StringComparison.Ordinal));
        using var agent = StartAgent(config);
        await PublishAsync(DeviceTopic, Sign(Json(version: 1), opKey));
        await ConvergedAtAsync(1, agent, "device manifest applied");
        var connects = agent.Stdout.Split("Connected to").Length;
        var onlines = OnlineMessages();
        await DockerHost.EventuallyAsync(() => Task.FromResult(OnlineMessages() > onlines), TimeSpan.FromSeconds(30), "a refresh says online again");

        // Just after a refresh, so the next one (7.5 to 12.5 s later) comes after the erasure is seen.
        var reported = monitor!.Received.Last(m => m.Topic == "edge/v1/devices/pi-01/status").Payload;
        await PublishAsync("edge/v1/devices/pi-01/status", "");
        await PublishAsync("edge/v1/devices/pi-01/online", "");
        var (_, erased, _) = await FleetStatusAsync();
        Assert.Matches(@"pi-01\s+\?\s+-\s+\?", erased); // the broker holds neither: no online state, no status

        await DockerHost.EventuallyAsync(
            async () => (await FleetStatusAsync()).Stdout is var table && Regex.IsMatch(table, @"pi-01\s+online\s+\S+\s+yes\s+device v1"),
            TimeSpan.FromSeconds(40),
            "the broker holds the device's online state and status again, read anew as fleet status reads them");
        Assert.Equal(reported, monitor.Received.Last(m => m.Topic == "edge/v1/devices/pi-01/status").Payload); // as it was, timestamp and all
        Assert.Equal(connects, agent.Stdout.Split("Connected to").Length); // at a refresh, not a reconnect
    }

    private int OnlineMessages() => monitor!.Received.Count(m => m.Topic == "edge/v1/devices/pi-01/online" && m.Payload == "online");
}
