using EdgeAgent.Configuration;
using EdgeAgent.Testing;
using EdgeAgent.Shared;

namespace EdgeAgent.Tests.State;

/// <summary>agent.json loads into validated settings once: the broker's port resolved, probes parsed, durations as time spans.</summary>
public sealed class AgentSettingsTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private AgentSettings Load(string broker = "", string network = "", string extra = "")
    {
        var brokerSection = broker.Length == 0 ? "" : $$"""
            , "broker": { "url": "{{broker}}", "caFile": "{{temp.Write("ca.pem", "x")}}", "certFile": "{{temp.Write("c.pem", "x")}}", "keyFile": "{{temp.Write("k.pem", "x")}}" }
            """;
        return AgentConfiguration.Load(temp.Write("agent.json", $$"""
            { "deviceId": "pi-01", "stateDir": "{{temp.File("state")}}", "trustRoot": "{{temp.File("root.json")}}"{{brokerSection}}{{network}}{{extra}} }
            """));
    }

    public static TheoryData<string, string, int> BrokerUrls() => new()
    {
        { "mqtts://broker.example", "broker.example", 8883 },
        { "mqtts://broker.example:18883", "broker.example", 18883 },
        { "mqtts://10.0.0.5:8884/", "10.0.0.5", 8884 },
        { "mqtts://[fd00::1]:8885", "fd00::1", 8885 },
        { "mqtts://[fd00::1]", "fd00::1", 8883 },
    };

    [Theory]
    [MemberData(nameof(BrokerUrls))]
    public void The_broker_port_is_resolved_once_and_is_the_default_probe(string url, string host, int port)
    {
        var settings = Load(broker: url);
        var endpoint = Assert.Single(settings.Broker!.Endpoints);
        Assert.Equal((host, port), (endpoint.Host, endpoint.Port));
        Assert.Equal(url.TrimEnd('/'), endpoint.Url);
        Assert.Equal(BrokerProtocol.Mqtt5, settings.Broker.Protocol);
        Assert.Equal([new HostPort(host, port)], settings.Probes);
    }

    [Fact]
    public void Several_broker_nodes_are_all_probes_and_the_protocol_is_read()
    {
        var files = $$"""
            "caFile": "{{temp.Write("ca.pem", "x")}}", "certFile": "{{temp.Write("c.pem", "x")}}", "keyFile": "{{temp.Write("k.pem", "x")}}"
            """;
        var settings = AgentConfiguration.Load(temp.Write("agent.json", $$"""
            { "deviceId": "pi-01", "stateDir": "{{temp.File("state")}}", "trustRoot": "{{temp.File("root.json")}}",
              "broker": { "urls": ["mqtts://n1.example", "mqtts://n2.example:18883", "mqtts://[fd00::3]:8883"], "protocol": "mqtt311", {{files}} } }
            """));
        Assert.Equal(["mqtts://n1.example", "mqtts://n2.example:18883", "mqtts://[fd00::3]:8883"], settings.Broker!.Endpoints.Select(e => e.Url));
        Assert.Equal(BrokerProtocol.Mqtt311, settings.Broker.Protocol);
        Assert.Equal([new HostPort("n1.example", 8883), new HostPort("n2.example", 18883), new HostPort("fd00::3", 8883)], settings.Probes);
    }

    [Fact]
    public void Every_order_of_the_nodes_is_possible_and_each_order_keeps_every_node()
    {
        var nodes = Enumerable.Range(1, 3).Select(i => BrokerEndpoint.Parse($"mqtts://n{i}.example")!).ToArray();
        var random = new Random(7);
        var orders = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var order = BrokerEndpoint.Shuffled(nodes, random);
            Assert.Equal(nodes.OrderBy(n => n.Url), order.OrderBy(n => n.Url));
            orders.Add(string.Join(",", order.Select(n => n.Host)));
        }

        Assert.Equal(6, orders.Count); // a fleet spreads over all three first choices, in all orders
    }

    [Fact]
    public void Configured_probes_replace_the_broker_and_durations_are_time_spans()
    {
        var settings = Load(broker: "mqtts://broker.example", network: """, "network": { "probes": ["192.168.7.1:22", "[fd00::2]:443"], "confirmSeconds": 45 }""", extra: """, "resyncSeconds": 90""");
        Assert.Equal([new HostPort("192.168.7.1", 22), new HostPort("fd00::2", 443)], settings.Probes);
        Assert.Equal(TimeSpan.FromSeconds(45), settings.ConfirmWindow);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.Resync);
    }

    [Fact]
    public void Without_a_broker_or_probes_there_is_nothing_to_probe()
    {
        var settings = Load();
        Assert.Null(settings.Broker);
        Assert.Empty(settings.Probes);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.Resync);
    }

    [Theory]
    [InlineData(""", "groups": []""")]
    [InlineData(""", "groups": [], "policy": { "allowedBindPrefixes": [], "allowedCapAdd": [], "allowedDevices": [], "protectedInterfaces": [] }, "network": { "probes": [] }""")]
    public void Empty_lists_are_empty_lists(string lists)
    {
        // What `edgectl device provision` writes for a device without groups.
        var settings = Load(extra: lists);
        Assert.Empty(settings.Groups);
        Assert.Empty(settings.Probes);
    }

    [Fact]
    public void A_string_where_a_list_belongs_is_refused_naming_its_key()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load(extra: """, "groups": "greenhouse" """));
        Assert.Contains("groups must be a JSON array", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadValues() => new()
    {
        { "mqtt://broker.example", "", "broker.url" },
        { "https://broker.example", "", "broker.url" },
        { "mqtts://", "", "broker.url" },
        { "broker.example:8883", "", "broker.url" },
        { "mqtts://broker.example", """, "network": { "probes": ["no-port"] }""", "network.probes" },
        { "mqtts://broker.example", """, "network": { "probes": [":22"] }""", "network.probes" },
        { "mqtts://broker.example", """, "network": { "confirmSeconds": 0 }""", "network.confirmSeconds" },
        { "mqtts://broker.example", """, "docker": { "endpoint": "npipe:////./pipe/docker_engine" }""", "docker.endpoint" },
        { "mqtts://broker.example", """, "docker": { "endpoint": "https://docker.example:2376" }""", "docker.endpoint" },
        { "mqtts://broker.example", """, "docker": { "endpoint": "unix://" }""", "docker.endpoint" },
        { "mqtts://broker.example", """, "docker": { "endpoint": "/var/run/docker.sock" }""", "docker.endpoint" },
    };

    [Theory]
    [InlineData("unix:///var/run/docker.sock")]
    [InlineData("unix:///run/user/1000/docker.sock")]
    [InlineData("tcp://127.0.0.1:2375")]
    public void A_docker_endpoint_on_a_unix_socket_or_tcp_is_taken(string endpoint) =>
        Assert.Equal(endpoint, Load(extra: $$""", "docker": { "endpoint": "{{endpoint}}" }""").DockerEndpoint);

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_value_is_refused_naming_its_key(string url, string network, string key)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load(broker: url, network: network));
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
