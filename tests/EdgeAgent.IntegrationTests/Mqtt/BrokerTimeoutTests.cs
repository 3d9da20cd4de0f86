using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests.Mqtt;

/// <summary>
/// A broker that takes the connection and then answers nothing (overloaded, or a cluster node not
/// ready): edgectl does not hang. Its keep-alive finds the broker gone (about 20 s), and it says so
/// in one line and exits 1. The mosquitto fixture is here for its PKI.
/// </summary>
public sealed class BrokerTimeoutTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("fleet status")]
    [InlineData("root publish")]
    public async Task A_broker_that_stops_answering_after_the_connect_ends_the_command_in_one_line(string command)
    {
        Assert.Equal(0, (await AgentProcess.RunEdgeCtlAsync("key", "generate", "--out", temp.File("k.pem"))).ExitCode);
        Assert.Equal(0, (await AgentProcess.RunEdgeCtlAsync("root", "init", "--root-key", temp.File("k.pem"), "--manifests-key", temp.File("k.pem"), "--out", temp.File("root.json"))).ExitCode);
        await using var silent = new SilentBroker(Path.Combine(broker.Pki, "broker/localhost.pem"), Path.Combine(broker.Pki, "broker/localhost.key"));
        string[] args = command == "root publish" ? ["root", "publish", "--in", temp.File("root.json")] : ["fleet", "status"];

        var (exit, stdout, stderr) = await AgentProcess.RunEdgeCtlAsync(
            [.. args, "--broker", $"mqtts://127.0.0.1:{silent.Port}", "--ca", broker.CaFile, "--cert", broker.CertFile("edge-operator"), "--key", broker.KeyFile("edge-operator")]);

        Assert.True(exit == 1, $"exit {exit}: {stdout}{stderr}");
        Assert.StartsWith("edgectl: lost the broker connection: ", stderr, StringComparison.Ordinal);
        Assert.Contains("run the command again", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
