using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reporting;

namespace EdgeAgent.IntegrationTests.Mqtt;

/// <summary>
/// The fleet loop end to end: the real agent binary as device pi-01 against a real mosquitto (the
/// repository's broker-config) and real Docker; the operator publishes, a monitor identity reads
/// the device's retained status and events.
/// </summary>
[Collection(DockerTests.Name)]
public sealed partial class AgentFleetTests(DockerHost docker, MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private const string DeviceTopic = "edge/v1/devices/pi-01/desired";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TempDirectory temp = new();
    private readonly ECDsa rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa opKey = ECDsa.Create(ECCurve.NamedCurves.nistP256), newOpKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private MqttTestClient? monitor;

    public async Task InitializeAsync()
    {
        await broker.StartAsync(); // a failed test may have left it stopped
        await docker.ResetAsync();
        await broker.ClearRetainedAsync();
        File.WriteAllBytes(temp.File("root.json"), SignRoot(RootWith(1, opKey), rootKey));
        monitor = await MonitorAsync();
    }

    private async Task<MqttTestClient> MonitorAsync()
    {
        var client = await MqttTestClient.ConnectAsync(broker, broker.CertFile("edge-monitor"), broker.KeyFile("edge-monitor"), "edge-monitor");
        foreach (var leaf in new[] { "status", "events", "online" })
        {
            await client.SubscribeAsync("edge/v1/devices/pi-01/" + leaf);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        if (monitor is not null)
        {
            await monitor.DisposeAsync();
        }

        await docker.ResetAsync();
        temp.Dispose();
    }

    [Fact]
    public async Task Published_manifest_converges_and_is_reported_and_a_manifest_for_another_device_is_rejected_and_reported()
    {
        using var agent = StartAgent(Config());
        await DockerHost.EventuallyAsync(() => Task.FromResult(Online() == Topics.Online), Timeout, "the agent says online");

        await PublishAsync(DeviceTopic, Sign(Json(version: 1), opKey));
        var status = await ConvergedAtAsync(1, agent, "status shows v1 applied and converged");
        Assert.Equal("running", status.Apps["itest-db"].Observed);
        Assert.StartsWith("sha256:", status.Apps["itest-web"].ImageId, StringComparison.Ordinal);
        Assert.Null(status.Streams[DeviceTopic].Rejected);
        Assert.Contains(Events(), e => e.Type == AgentEventType.Applied && e.Version == 1 && e.Stream == DeviceTopic);
        var before = (await docker.InspectAsync("itest-web")).ID;

        var (exit, table, stderr) = await FleetStatusAsync();
        Assert.True(exit == 0, table + stderr);
        Assert.Matches(@"DEVICE\s+ONLINE\s+AGENT\s+CONVERGED\s+APPLIED\s+FAILING\s+TUNNELS\s+UPDATED", table);
        Assert.Matches(@"pi-01\s+online\s+\d+\.\d+\.\d+\S*\s+yes\s+device v1\s+-\s+-\s+\d{4}-", table); // the agent version, no failing app, no tunnels (no switch)
        var (jsonExit, json, _) = await FleetStatusAsync("--json");
        Assert.Equal(0, jsonExit);
        using (var document = JsonDocument.Parse(json))
        {
            var device = Assert.Single(document.RootElement.EnumerateArray());
            Assert.True(device.GetProperty("healthy").GetBoolean());
            Assert.Equal(1, device.GetProperty("status").GetProperty("streams").GetProperty(DeviceTopic).GetProperty("appliedVersion").GetInt64());
        }

        // Validly signed, but for pi-02: published (by a careless operator) on pi-01's topic.
        await PublishAsync(DeviceTopic, Sign(Json(version: 2, device: "pi-02", dbMemory: "40Mi"), opKey));
        await DockerHost.EventuallyAsync(() => Task.FromResult(LatestStatus()?.Streams[DeviceTopic].Rejected is not null), Timeout, "the rejection is reported");
        var rejected = LatestStatus()!.Streams[DeviceTopic];
        Assert.Equal((2L, RejectionReason.WrongTarget), (rejected.Rejected!.Version, rejected.Rejected.Reason));
        Assert.Equal(1, rejected.AppliedVersion);
        Assert.Contains(Events(), e => e.Type == AgentEventType.Rejected && e.Version == 2 && e.Reason == RejectionReason.WrongTarget);
        Assert.Equal(before, (await docker.InspectAsync("itest-web")).ID);
        Assert.Equal(32L * 1024 * 1024, await DbMemoryAsync());
        var (refusedExit, refusedTable, _) = await FleetStatusAsync();
        Assert.Equal(1, refusedExit);
        Assert.Contains("device v1 (v2 rejected: wrong-target)", refusedTable, StringComparison.Ordinal);

        Assert.Equal(0, await agent.TerminateAsync(TimeSpan.FromSeconds(30)));
        await DockerHost.EventuallyAsync(() => Task.FromResult(Online() == Topics.Offline), Timeout, "a stopped agent says offline");
    }

    [Fact]
    public async Task A_killed_agent_is_reported_offline_by_its_last_will()
    {
        var agent = StartAgent(Config());
        await DockerHost.EventuallyAsync(() => Task.FromResult(Online() == Topics.Online), Timeout, "the agent says online");
        agent.Dispose(); // SIGKILL: no clean disconnect, so the broker publishes the will
        await DockerHost.EventuallyAsync(() => Task.FromResult(Online() == Topics.Offline), Timeout, "the last will says offline");
    }

    [Fact]
    public async Task Agent_reconnects_after_a_broker_restart_and_converges_to_what_is_published_next()
    {
        using var agent = StartAgent(Config());
        await PublishAsync(DeviceTopic, Sign(Json(version: 1), opKey));
        await ConvergedAtAsync(1, agent, "v1 applied");

        await RestartBrokerAsync(TimeSpan.FromSeconds(2));

        await PublishAsync(DeviceTopic, Sign(Json(version: 2, dbMemory: "40Mi"), opKey));
        await ConvergedAtAsync(2, agent, "v2 applied after the broker restart");
        Assert.Equal(40L * 1024 * 1024, await DbMemoryAsync());
        Assert.Contains("Connected to", agent.Stdout[agent.Stdout.IndexOf("Disconnected from", StringComparison.Ordinal)..], StringComparison.Ordinal);

        // Stable afterwards: one reconnect, then no disconnect and no growth for a minute.
        var connects = Count(agent.Stdout, "Connected to");
        var rss = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            rss.Add(ResidentKiB(agent.Pid));
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        var log = agent.Stdout;
        Assert.True(connects == 2, $"expected the first connect and one reconnect, saw {connects}:\n{log}");
        Assert.True(Count(log, "Connected to") == connects && Count(log, "Disconnected from") == 1, "the session was not stable after the reconnect:\n" + log);
        Assert.True(rss[^1] - rss[0] < 8 * 1024, $"resident memory grew over a quiet minute: {string.Join(", ", rss)} KiB");
        Assert.Equal(Topics.Online, Online());
    }

    [Fact]
    public async Task Subscribed_at_qos_0_the_agent_follows_retained_and_live_publishes_and_resumes_after_a_broker_restart()
    {
        // broker.subscribeQos 0 (a NATS cluster then needs no JetStream consumer per subscription):
        // nothing is queued for the device; the retained state comes with every subscribe instead.
        using var agent = StartAgent(temp.AgentConfig(broker: BrokerJson().Replace("\"caFile\"", "\"subscribeQos\": 0, \"caFile\"", StringComparison.Ordinal)));
        await PublishAsync(DeviceTopic, Sign(Json(version: 1), opKey));
        await ConvergedAtAsync(1, agent, "v1 applied");
        await PublishAsync(DeviceTopic, Sign(Json(version: 2, dbMemory: "40Mi"), opKey));
        await ConvergedAtAsync(2, agent, "v2, published while the agent was connected, applied");

        await RestartBrokerAsync(TimeSpan.Zero);
        await PublishAsync(DeviceTopic, Sign(Json(version: 3, dbMemory: "48Mi"), opKey));
        await ConvergedAtAsync(3, agent, "v3 applied after the broker restart");
        Assert.Equal(48L * 1024 * 1024, await DbMemoryAsync());
    }

    /// <summary>Restarts mosquitto as its service manager would, and the test's monitor with it.</summary>
    private async Task RestartBrokerAsync(TimeSpan downFor)
    {
        await broker.StopAsync();
        await Task.Delay(downFor);
        await broker.StartAsync();
        await monitor!.DisposeAsync();
        monitor = await MonitorAsync();
    }

    private static int Count(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    private static long ResidentKiB(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Agent_started_while_the_broker_is_down_runs_last_known_good_then_converges_to_what_was_published_meanwhile()
    {
        var config = Config();
        using (var first = StartAgent(config))
        {
            await PublishAsync(DeviceTopic, Sign(Json(version: 1), opKey));
            await ConvergedAtAsync(1, first, "v1 applied");
            Assert.Equal(0, await first.TerminateAsync(TimeSpan.FromSeconds(30)));
        }

        await PublishAsync(DeviceTopic, Sign(Json(version: 2, dbMemory: "40Mi"), opKey)); // while the device is off
        await docker.ResetAsync();
        await broker.StopAsync();

        using var agent = StartAgent(config);
        await DockerHost.EventuallyAsync(async () => await DbMemoryAsync() == 32L * 1024 * 1024 && (await docker.ManagedContainersAsync()).Any(c => c.Names.Contains("/itest-web") && c.State == "running"), Timeout, "last-known-good v1 runs without a broker");
        Assert.Contains("last-known-good", agent.Stdout, StringComparison.Ordinal);
        Assert.Contains("Cannot connect", agent.Stdout, StringComparison.Ordinal);

        await broker.StartAsync();
        await monitor!.DisposeAsync();
        monitor = await MonitorAsync();
        await ConvergedAtAsync(2, agent, "v2, retained while the device was away, applied after the broker came up");
        Assert.Equal(40L * 1024 * 1024, await DbMemoryAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_manifest_signed_by_a_rotated_key_applies_whether_the_root_or_the_manifest_arrives_first(bool rootFirst)
    {
        using var agent = StartAgent(Config());
        await PublishAsync(DeviceTopic, Sign(Json(version: 1), opKey));
        await ConvergedAtAsync(1, agent, "v1 applied under root v1");

        var rootV2 = Encoding.UTF8.GetString(SignRoot(RootWith(2, newOpKey), rootKey));
        var manifestV2 = Sign(Json(version: 2, dbMemory: "40Mi"), newOpKey);
        if (rootFirst)
        {
            await PublishAsync(Topics.TrustRoot, rootV2);
            await DockerHost.EventuallyAsync(() => Task.FromResult(Events().Any(e => e.Type == AgentEventType.RootRotated)), Timeout, "root v2 accepted");
            await PublishAsync(DeviceTopic, manifestV2);
        }
        else
        {
            await PublishAsync(DeviceTopic, manifestV2);
            await DockerHost.EventuallyAsync(() => Task.FromResult(LatestStatus()?.Streams[DeviceTopic].Rejected?.Reason == RejectionReason.ThresholdNotMet), Timeout, "v2 refused before its root");
            await PublishAsync(Topics.TrustRoot, rootV2);
        }

        await ConvergedAtAsync(2, agent, "v2 applied under root v2");
        Assert.Equal(40L * 1024 * 1024, await DbMemoryAsync());
    }

    [Fact]
    public async Task Device_and_group_manifests_merge_on_the_device()
    {
        using var agent = StartAgent(Config());
        await PublishAsync("edge/v1/groups/demo/desired", Sign(GroupJson(), opKey));
        await PublishAsync(DeviceTopic, Sign(Json(version: 1), opKey));
        await ConvergedAtAsync(1, agent, "device manifest applied");
        await DockerHost.EventuallyAsync(() => Task.FromResult(LatestStatus() is { Converged: true } s && s.Apps.ContainsKey("itest-group-app")), Timeout, "the group's app is deployed next to the device's");
        Assert.True((await docker.InspectAsync("itest-group-app")).State.Running);
        Assert.Equal(3, LatestStatus()!.Streams["edge/v1/groups/demo/desired"].AppliedVersion);
    }

    [Fact]
    public async Task Two_group_manifests_that_clash_on_a_host_port_are_refused_as_a_merge_and_the_device_keeps_running()
    {
        using var agent = StartAgent(temp.AgentConfig(groups: ["demo", "orchard"], broker: BrokerJson()));
        await PublishAsync("edge/v1/groups/demo/desired", Sign(GroupJson(hostPort: 18981), opKey));
        await DockerHost.EventuallyAsync(() => Task.FromResult(LatestStatus() is { Converged: true } s && s.Apps.ContainsKey("itest-group-app")), Timeout, "the demo group's app runs");
        var before = (await docker.InspectAsync("itest-group-app")).ID;

        // Valid by itself; together with demo's manifest the host port is published twice.
        await PublishAsync("edge/v1/groups/orchard/desired", Sign(GroupJson(group: "orchard", app: "itest-orchard-app", version: 5, hostPort: 18981), opKey));
        await DockerHost.EventuallyAsync(() => Task.FromResult(LatestStatus()?.Streams.GetValueOrDefault("edge/v1/groups/orchard/desired")?.Rejected is not null), Timeout, "the clash is reported");
        var rejected = LatestStatus()!.Streams["edge/v1/groups/orchard/desired"].Rejected!;
        Assert.Equal(((long?)5L, RejectionReason.MergeInvalid), (rejected.Version, rejected.Reason));
        var message = string.Join("\n", rejected.Errors);
        Assert.Contains("$.spec.apps.itest-", message, StringComparison.Ordinal);
        Assert.Contains("edge/v1/groups/demo/desired v3", message, StringComparison.Ordinal);
        Assert.Contains("edge/v1/groups/orchard/desired v5", message, StringComparison.Ordinal);
        Assert.Contains(Events(), e => e.Type == AgentEventType.Rejected && e.Version == 5 && e.Reason == RejectionReason.MergeInvalid);
        Assert.Equal(before, (await docker.InspectAsync("itest-group-app")).ID);
        Assert.False(await docker.ExistsAsync("itest-orchard-app"));
    }

}
