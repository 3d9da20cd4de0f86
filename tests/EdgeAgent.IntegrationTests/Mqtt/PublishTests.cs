using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests.Mqtt;

/// <summary>`edgectl manifest publish` and `root publish` against the real broker with its ACL.</summary>
public sealed class PublishTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private string[] As(string identity) =>
        ["--broker", $"mqtts://127.0.0.1:{broker.Port}", "--ca", broker.CaFile, "--cert", broker.CertFile(identity), "--key", broker.KeyFile(identity)];

    private static async Task OkAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await AgentProcess.RunEdgeCtlAsync(args);
        Assert.True(exit == 0, $"edgectl {string.Join(' ', args)}: {stdout}{stderr}");
    }

    [Fact]
    public async Task Operator_publishes_what_verifies_to_the_topics_its_target_names_and_nothing_else()
    {
        await OkAsync("key", "generate", "--out", temp.File("k.pem"));
        await OkAsync("root", "init", "--root-key", temp.File("k.pem"), "--manifests-key", temp.File("k.pem"), "--out", temp.File("root.json"));
        File.WriteAllText(temp.File("m.json"), Manifests.Stack().Replace("\"devices\": [\"pi-01\"]", "\"devices\": [\"pi-01\"], \"groups\": [\"barn\"]", StringComparison.Ordinal));
        await OkAsync("manifest", "sign", "--key", temp.File("k.pem"), "--in", temp.File("m.json"), "--out", temp.File("m.dsse.json"));

        await using var pi01 = await MqttTestClient.ConnectAsync(broker, broker.CertFile("pi-01"), broker.KeyFile("pi-01"), "pi-01-publish-test");
        await using var pi02 = await MqttTestClient.ConnectAsync(broker, broker.CertFile("pi-02"), broker.KeyFile("pi-02"), "pi-02-publish-test");
        await pi01.SubscribeAsync("edge/v1/devices/pi-01/desired");
        await pi01.SubscribeAsync("edge/v1/trust/root");
        await pi02.SubscribeAsync("edge/v1/groups/barn/desired");

        await OkAsync(["manifest", "publish", "--root", temp.File("root.json"), "--in", temp.File("m.dsse.json"), .. As("edge-operator")]);
        await OkAsync(["root", "publish", "--in", temp.File("root.json"), .. As("edge-operator")]);
        await DockerHost.EventuallyAsync(() => Task.FromResult(pi01.Received.Count >= 2 && !pi02.Received.IsEmpty), TimeSpan.FromSeconds(10), "devices receive the published state");

        var envelope = File.ReadAllText(temp.File("m.dsse.json"));
        Assert.Contains(pi01.Received, m => m.Topic == "edge/v1/devices/pi-01/desired" && m.Payload == envelope);
        Assert.Contains(pi01.Received, m => m.Topic == "edge/v1/trust/root" && m.Payload == File.ReadAllText(temp.File("root.json")));
        Assert.Contains(pi02.Received, m => m.Topic == "edge/v1/groups/barn/desired" && m.Payload == envelope);

        // A tampered envelope is refused before anything is sent.
        File.WriteAllText(temp.File("tampered.dsse.json"), envelope.Replace("\"payload\": \"", "\"payload\": \"A", StringComparison.Ordinal));
        var (tampered, _, tamperedErr) = await AgentProcess.RunEdgeCtlAsync(["manifest", "publish", "--root", temp.File("root.json"), "--in", temp.File("tampered.dsse.json"), .. As("edge-operator")]);
        Assert.Equal(1, tampered);
        Assert.Contains("refusing to publish", tamperedErr, StringComparison.Ordinal);

        // A device identity may not publish desired state, even a validly signed one.
        var (asDevice, _, asDeviceErr) = await AgentProcess.RunEdgeCtlAsync(["manifest", "publish", "--root", temp.File("root.json"), "--in", temp.File("m.dsse.json"), .. As("pi-02")]);
        Assert.Equal(1, asDevice);
        Assert.Contains("NotAuthorized", asDeviceErr, StringComparison.Ordinal);
    }
}
