extern alias edgectl;

using EdgeAgent.Core.Manifests;
using EdgeAgent.IntegrationTests.Agent;
using edgectl::EdgeCtl;
using edgectl::EdgeCtl.Authorization;

namespace EdgeAgent.IntegrationTests.Broker;

/// <summary>`edgectl broker authorization`: a device list in, the broker's per-device rules out; bad lists refused by line.</summary>
public sealed class BrokerAuthorizationTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_device_may_publish_only_its_reports_and_read_only_its_own_topics_and_groups()
    {
        var entry = NatsAuthorization.DeviceEntry(new FleetMember("pi-01", ["barn", "north"]));
        Assert.Equal(
            """{ user: "CN=pi-01", allowed_connection_types: ["MQTT"], permissions: { publish: { allow: ["edge.v1.devices.pi-01.status", "edge.v1.devices.pi-01.events", "edge.v1.devices.pi-01.online", "edge.v1.devices.pi-01.responses.*"] }, subscribe: { allow: ["edge.v1.devices.pi-01.desired", "edge.v1.devices.pi-01.rollout.*", "edge.v1.devices.pi-01.requests", "edge.v1.trust.root", "edge.v1.groups.barn.desired", "edge.v1.groups.north.desired", "$MQTT.sub.>"] } } }""",
            entry);
    }

    [Theory]
    [InlineData("edge/v1/devices/+/status", "edge.v1.devices.*.status")]
    [InlineData("edge/v1/rollouts/#", "edge.v1.rollouts.>")]
    [InlineData("edge/v1/trust/root", "edge.v1.trust.root")]
    public void Topic_filters_become_subjects(string topic, string subject) => Assert.Equal(subject, NatsAuthorization.Subject(topic));

    [Fact]
    public void Comments_blank_lines_tabs_and_crlf_are_read_and_groups_deduplicated()
    {
        var members = DeviceList.Parse("# fleet\r\n\r\npi-01\tbarn  barn\r\n  pi-02\n#pi-03 barn\npi-04 north barn\n", "devices.txt");
        Assert.Equal(["pi-01", "pi-02", "pi-04"], members.Select(m => m.Device));
        Assert.Equal(["barn"], members[0].Groups);
        Assert.Empty(members[1].Groups);
        Assert.Equal(["north", "barn"], members[2].Groups);
    }

    public static TheoryData<string, string> BadLists() => new()
    {
        { "pi-01\nPi_02\n", "devices.txt:2: \"Pi_02\" must be" },
        { "pi-01 barn/desired\n", "devices.txt:1: \"barn/desired\" must be" },
        { "pi-01 #\n", "devices.txt:1: \"#\" must be" },
        { "pi-01\npi-02\npi-01 barn\n", "devices.txt:3: device \"pi-01\" is listed already on line 1" },
        { "pi-01 +\n", "devices.txt:1: \"+\" must be" },
        { "pi-01 edge.v1\n", "devices.txt:1: \"edge.v1\" must be" },
        { new string('a', 64) + "\n", "devices.txt:1:" },
        { "pi-01\nedge-operator barn\n", "devices.txt:2: \"edge-operator\" is reserved for the broker's operators and monitors" },
        { "edge-monitor-hall\n", "devices.txt:1: \"edge-monitor-hall\" is reserved" },
        { "pi-01 edge-operator+\n", "devices.txt:1: \"edge-operator+\" must be" },
    };

    [Theory]
    [MemberData(nameof(BadLists))]
    public void Bad_lines_are_refused_naming_the_line(string list, string message)
    {
        var error = Assert.Throws<CliException>(() => DeviceList.Parse(list, "devices.txt"));
        Assert.Equal(2, error.ExitCode);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_writes_the_whole_nats_file_and_the_mosquitto_group_blocks()
    {
        var list = temp.Write("devices.txt", string.Join("\n", Enumerable.Range(0, 1000).Select(i => $"pi-{i:D4}" + (i % 2 == 0 ? " barn" : ""))));
        var (exit, _, stderr) = await AgentProcess.RunEdgeCtlAsync("broker", "authorization", "--devices", list, "--format", "nats", "--out", temp.File("auth.conf"));
        Assert.True(exit == 0, stderr);
        var lines = File.ReadAllLines(temp.File("auth.conf"));
        Assert.Equal(1002, lines.Count(l => l.TrimStart().StartsWith("{ user: ", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.Contains("\"CN=edge-operator\"", StringComparison.Ordinal) && l.Contains("\"edge.v1.>\"", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("\"CN=edge-monitor\", allowed_connection_types: [\"MQTT\"], permissions: { publish: { deny: [\">\"] }", StringComparison.Ordinal));
        Assert.Equal(1001, lines.Count(l => l.Contains("allowed_connection_types: [\"MQTT\"]", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.Contains("allowed_connection_types: [\"STANDARD\", \"MQTT\"]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"CN=pi-0998\"", StringComparison.Ordinal) && l.Contains("edge.v1.groups.barn.desired", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("\"CN=pi-0999\"", StringComparison.Ordinal) && l.Contains("groups", StringComparison.Ordinal));

        var (mexit, mosquitto, _) = await AgentProcess.RunEdgeCtlAsync("broker", "authorization", "--devices", list, "--format", "mosquitto");
        Assert.Equal(0, mexit);
        var acl = mosquitto.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(500, acl.Count(l => l.StartsWith("user ", StringComparison.Ordinal)));
        Assert.Equal(500, acl.Count(l => l == "topic read edge/v1/groups/barn/desired"));
    }

    [Theory]
    [InlineData(new[] { "--format", "acl" }, "acl")]
    [InlineData(new[] { "--format", "nats", "--operator", "Ops!" }, "--operator: \"Ops!\" must be")]
    [InlineData(new[] { "--format", "nats", "--monitor", "pi-01" }, "--monitor: \"pi-01\" must be edge-monitor")]
    [InlineData(new[] { "--format", "nats", "--operator", "alice" }, "--operator: \"alice\" must be edge-operator")]
    [InlineData(new[] { "--format", "nats", "--operator", "edge-monitor" }, "--operator: \"edge-monitor\" must be edge-operator")]
    [InlineData(new[] { "--format", "mosquitto", "--monitor", "edge-operator-2" }, "--monitor: \"edge-operator-2\" must be edge-monitor")]
    public async Task Bad_arguments_are_usage_errors(string[] arguments, string message)
    {
        var list = temp.Write("devices.txt", "pi-01\n");
        var (exit, _, stderr) = await AgentProcess.RunEdgeCtlAsync(["broker", "authorization", "--devices", list, .. arguments]);
        Assert.Equal(2, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--operator", "alice")]
    [InlineData("--operator", "edge-monitor")]
    [InlineData("--monitor", "pi-01")]
    [InlineData("--monitor", "edge-operator-2")]
    public async Task A_name_outside_its_role_is_refused_with_the_role_rule_cert_issue_states(string option, string name)
    {
        var list = temp.Write("devices.txt", "pi-01\n");
        var (exit, _, stderr) = await AgentProcess.RunEdgeCtlAsync("broker", "authorization", "--devices", list, "--format", "nats", option, name);
        Assert.Equal(2, exit);

        // The same rule as `cert issue --kind operator` states (BrokerRoles.RoleRule), for the one role the option takes.
        var role = option == "--operator" ? "edge-operator" : "edge-monitor";
        var rule = BrokerRoles.RoleRule[BrokerRoles.RoleRule.IndexOf("alone", StringComparison.Ordinal)..];
        Assert.Contains($"{option}: \"{name}\" must be {role}, {rule}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shipped_nats_example_is_what_the_command_writes()
    {
        var list = temp.Write("devices.txt", "pi-01 greenhouse\npi-02 greenhouse barn\n");
        var (exit, stdout, stderr) = await AgentProcess.RunEdgeCtlAsync("broker", "authorization", "--devices", list, "--format", "nats");
        Assert.True(exit == 0, stderr);
        Assert.Equal(File.ReadAllText(Path.Combine(Mqtt.MosquittoBroker.RepositoryRoot(), "broker-config/nats/authorization.conf")), stdout);
    }

    [Fact]
    public async Task A_special_file_as_the_list_is_refused()
    {
        var (exit, _, stderr) = await AgentProcess.RunEdgeCtlAsync("broker", "authorization", "--devices", "/dev/zero", "--format", "nats");
        Assert.Equal(2, exit);
        Assert.Contains("/dev/zero", stderr, StringComparison.Ordinal);
    }
}
