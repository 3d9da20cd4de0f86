using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Requests;
using EdgeAgent.IntegrationTests.Mqtt;

namespace EdgeAgent.IntegrationTests.Requests;

/// <summary>
/// The hostile requests of tests/corpus/requests (oversized, malformed, flood; each folder with its
/// expected.tsv) sent to the real agent over the real mosquitto: none vanishes. Each refused one is
/// logged, reported as a request-refused event with its reason and, when it claims a well-formed id,
/// answered with the reason; of a flood, each copy is answered or refused as request-busy; and the
/// agent answers normally afterwards.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class RequestCorpusTests(DockerHost docker, MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private static readonly string Corpus = CorpusTable.Folder("requests");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly RequestBed bed = new(broker, docker);

    public Task InitializeAsync() => bed.StartAsync();

    public Task DisposeAsync() => bed.DisposeAsync().AsTask();

    [Fact]
    public async Task Every_hostile_request_is_refused_with_its_reason_and_a_flood_is_accounted_for()
    {
        await using var monitor = await bed.ConnectAsync("edge-monitor");
        await monitor.SubscribeAsync("edge/v1/devices/pi-01/events");
        await monitor.SubscribeAsync("edge/v1/devices/pi-01/online");
        await using var operatorClient = await bed.ConnectAsync("edge-operator");
        await operatorClient.SubscribeAsync("edge/v1/devices/pi-01/responses/+");
        using var agent = bed.StartAgent();
        await DockerHost.EventuallyAsync(() => Task.FromResult(monitor.Received.Any(m => m.Topic.EndsWith("/online", StringComparison.Ordinal) && m.Payload == "online")), Timeout, $"pi-01 online\n{agent.Stderr}");
        Assert.Null(await AskAsync(operatorClient, "corpus-warm-up", Fill(File.ReadAllText(Path.Combine(Corpus, "flood", "request.json")), "corpus-warm-up"), signed: true));

        var wrong = new List<string>();
        var cases = Cases("oversized", columns: 5).Concat(Cases("malformed", columns: 5)).ToList();
        Assert.True(cases.Count >= 15, $"{cases.Count} cases");
        foreach (var (folder, row) in cases)
        {
            var (file, how, reason, says, answered) = (row[0], row[1], row[2], row[3], row[4] == "yes");
            var id = "corpus-" + Path.GetFileNameWithoutExtension(file);
            var refusedBefore = Refusals(monitor).Count;
            var answer = await AskAsync(operatorClient, id, Fill(File.ReadAllText(Path.Combine(Corpus, folder, file)), id), how == "signed", expectAnswer: answered);
            await DockerHost.EventuallyAsync(() => Task.FromResult(Refusals(monitor).Count > refusedBefore), Timeout, $"a request-refused event for {folder}/{file}");
            var refusal = Refusals(monitor)[refusedBefore];
            if (refusal.Reason != reason || !refusal.Message.Contains(says, StringComparison.Ordinal) || (answered && answer != reason))
            {
                wrong.Add($"{folder}/{file}: event {refusal.Reason}: {refusal.Message}; answer {answer ?? "(none)"}; expected {reason}: {says}{(answered ? ", answered" : "")}");
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cases.Count} corpus requests misbehaved:\n" + string.Join("\n", wrong));

        // A flood: every copy sent at once is answered or refused as busy, none vanishes.
        var (_, flood) = Assert.Single(Cases("flood", columns: 3));
        var copies = int.Parse(flood[2], System.Globalization.CultureInfo.InvariantCulture);
        var template = File.ReadAllText(Path.Combine(Corpus, "flood", flood[0]));
        var ids = Enumerable.Range(0, copies).Select(i => $"corpus-flood-{i:D3}").ToList();
        var envelopes = ids.Select(id => Sign(Fill(template, id))).ToList();
        await Task.WhenAll(envelopes.Select(e => operatorClient.PublishAsync("edge/v1/devices/pi-01/requests", e, retain: false)));
        await DockerHost.EventuallyAsync(() => Task.FromResult(ids.All(id => Final(operatorClient, id) is not null)), Timeout, $"a final answer to each of the {copies} requests ({ids.Count(id => Final(operatorClient, id) is not null)} so far)");
        var outcomes = ids.Select(id => Final(operatorClient, id)!.Error ?? "answered").GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(outcomes.Keys.All(k => k is "answered" or "request-busy"), string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("answered") >= 1, string.Join(", ", outcomes));

        // And afterwards the agent answers as before.
        Assert.Null(await AskAsync(operatorClient, "corpus-after-flood", Fill(template, "corpus-after-flood"), signed: true));
        Assert.False(agent.HasExited, agent.Stderr);
    }

    /// <summary>The rows of a folder's expected.tsv, checked to list exactly the folder's files.</summary>
    private static IEnumerable<(string Folder, string[] Row)> Cases(string folder, int columns) =>
        CorpusTable.ForFiles(Path.Combine(Corpus, folder), "*.json", columns).Select(r => (folder, r));

    private static string Fill(string text, string id)
    {
        var now = DateTimeOffset.UtcNow;
        return text.Replace("$ID", id, StringComparison.Ordinal)
            .Replace("$ISSUED_PLUS_1H", now.AddHours(1).ToString("O"), StringComparison.Ordinal)
            .Replace("$ISSUED", now.ToString("O"), StringComparison.Ordinal)
            .Replace("$EXPIRES", now.AddMinutes(2).ToString("O"), StringComparison.Ordinal);
    }

    private string Sign(string json) => Encoding.UTF8.GetString(DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Request, Encoding.UTF8.GetBytes(json), [bed.Trust.RequestsKey])));

    /// <summary>Sends a request and returns its final answer's error (null: answered), or null without waiting when no answer is expected.</summary>
    private async Task<string?> AskAsync(MqttTestClient operatorClient, string id, string content, bool signed, bool expectAnswer = true)
    {
        await operatorClient.PublishAsync("edge/v1/devices/pi-01/requests", signed ? Sign(content) : content, retain: false);
        if (!expectAnswer)
        {
            return null;
        }

        await DockerHost.EventuallyAsync(() => Task.FromResult(Final(operatorClient, id) is not null), Timeout, $"the final answer to {id}");
        return Final(operatorClient, id)!.Error;
    }

    private static ResponseChunk? Final(MqttTestClient client, string id) =>
        client.Received.Where(m => m.Topic.EndsWith("/responses/" + id, StringComparison.Ordinal))
            .Select(m => JsonSerializer.Deserialize(m.Payload, RequestJsonContext.Default.ResponseChunk))
            .FirstOrDefault(c => c?.Final == true);

    private static List<(string Reason, string Message)> Refusals(MqttTestClient monitor) =>
        [.. monitor.Received.Where(m => m.Topic.EndsWith("/events", StringComparison.Ordinal) && m.Payload.Contains("\"request-refused\"", StringComparison.Ordinal))
            .Select(m => JsonDocument.Parse(m.Payload).RootElement)
            .Select(e => (e.GetProperty("reason").GetString() ?? "", e.GetProperty("message").GetString() ?? ""))];
}
