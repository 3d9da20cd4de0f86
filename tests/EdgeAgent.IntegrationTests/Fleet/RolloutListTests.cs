using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.IntegrationTests.Agent;
using EdgeAgent.IntegrationTests.Mqtt;

namespace EdgeAgent.IntegrationTests.Fleet;

/// <summary>
/// The real edgectl on a real mosquitto, each record of the rollout-record corpus retained in turn at
/// edge/v1/rollouts/greenhouse-v8: `rollout status` lists it (table and --json) exactly when
/// `rollout status greenhouse-v8` shows it, and names an unusable one on standard error with the
/// same reason instead of listing it.
/// </summary>
public sealed class RolloutListTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private const string Id = "greenhouse-v8";

    public static TheoryData<string, string, string> Cases() => RolloutRecordCorpus.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_list_shows_a_record_exactly_when_rollout_status_of_its_id_does(string file, string outcome, string says)
    {
        await using (var operatorClient = await MqttTestClient.ConnectAsync(broker, broker.CertFile("edge-operator"), broker.KeyFile("edge-operator"), "edge-operator-list"))
        {
            var code = await operatorClient.PublishAsync(Topics.Rollout(Id), File.ReadAllText(Path.Combine(CorpusTable.Folder("rollout-records"), file)));
            Assert.True(code is MQTTnet.MqttClientPublishReasonCode.Success or MQTTnet.MqttClientPublishReasonCode.NoMatchingSubscribers, $"{code}");
        }

        var (one, oneOut, oneErr) = await AgentProcess.RunEdgeCtlAsync(["rollout", "status", Id, .. Broker()]);
        var (listed, list, listErr) = await AgentProcess.RunEdgeCtlAsync(["rollout", "status", .. Broker()]);
        var (listedJson, json, _) = await AgentProcess.RunEdgeCtlAsync(["rollout", "status", "--json", .. Broker()]);
        Assert.True(listed == 0 && listedJson == 0, $"exit {listed}/{listedJson}\n{list}\n{listErr}");
        Assert.DoesNotContain("   at ", oneErr + listErr, StringComparison.Ordinal);
        using var ids = JsonDocument.Parse(json);
        var listedIds = ids.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        if (outcome == "refused")
        {
            Assert.True(one == 1, $"exit {one}\n{oneOut}\n{oneErr}");
            Assert.Contains(says, oneErr, StringComparison.Ordinal);
            Assert.Equal("no rollout on the broker", list.TrimEnd('\n'));
            Assert.Empty(listedIds);
            Assert.Contains($"the retained rollout record ", listErr, StringComparison.Ordinal);
            Assert.Contains(says, listErr, StringComparison.Ordinal);
            Assert.EndsWith(": not listed", listErr.TrimEnd('\n'), StringComparison.Ordinal);
            return;
        }

        Assert.True(one == 0, $"exit {one}\n{oneOut}\n{oneErr}");
        Assert.StartsWith(Id + " ", list.Split('\n')[1], StringComparison.Ordinal);
        Assert.Equal([Id], listedIds);
        Assert.Equal("", listErr);
    }

    private string[] Broker() => ["--broker", $"mqtts://localhost:{broker.Port}", "--ca", broker.CaFile, "--cert", broker.CertFile("edge-operator"), "--key", broker.KeyFile("edge-operator")];
}
