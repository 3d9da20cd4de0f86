extern alias edgectl;

using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Core.Rollouts;
using EdgeAgent.IntegrationTests.Agent;
using EdgeAgent.IntegrationTests.Mqtt;
using edgectl::EdgeCtl;

namespace EdgeAgent.IntegrationTests.Fleet;

/// <summary>
/// The real edgectl on a real mosquitto where every device reports one text of the terminal-text
/// corpus (as its agent version and its last error) and a rollout record carries them: `fleet status`,
/// `rollout status` and `rollout status ID` print each as the corpus expects, nothing a terminal would
/// act on, and the tables' columns aligned; `--json` keeps the exact text for scripts.
/// </summary>
public sealed class TerminalOutputTests(TerminalFleet broker) : IClassFixture<TerminalFleet>
{
    private static readonly DateTimeOffset Updated = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Fleet_status_prints_device_text_escaped_in_aligned_columns()
    {
        var cases = TerminalTextCorpus.Cases();
        var devices = await ReportAsync(cases);

        var (exit, stdout, stderr) = await AgentProcess.RunEdgeCtlAsync(["fleet", "status", .. devices.SelectMany(d => new[] { "--device", d }), .. Broker()]);

        Assert.True(exit is 0 or 1, $"exit {exit}\n{stdout}\n{stderr}");
        AssertNothingActedOn(stdout);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(devices.Count + 1, lines.Length);
        var updatedAt = ColumnOf(lines[0], "UPDATED");
        for (var i = 0; i < cases.Count; i++)
        {
            var line = lines.Single(l => l.StartsWith(devices[i] + " ", StringComparison.Ordinal));
            Assert.Contains(cases[i].Shown, line, StringComparison.Ordinal);
            Assert.True(updatedAt == ColumnOf(line, "2026-12-07 10:00:00Z"), $"{cases[i].Name}: the UPDATED column moved\n{stdout}");
        }

        var (_, json, _) = await AgentProcess.RunEdgeCtlAsync(["fleet", "status", "--json", .. devices.SelectMany(d => new[] { "--device", d }), .. Broker()]);
        AssertNothingActedOn(json);
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(cases.Select(c => c.Raw), devices.Select(d => parsed.RootElement.EnumerateArray().Single(e => e.GetProperty("deviceId").GetString() == d).GetProperty("status").GetProperty("agentVersion").GetString()));
    }

    /// <summary>A record's envelope must claim the record's version (else the record is unusable); nothing here verifies its signature.</summary>
    private static readonly string ClaimingVersion2 = Convert.ToBase64String(DsseSigner.Serialize(
        DsseSigner.Sign(PayloadTypes.Manifest, """{"metadata":{"name":"tt","version":2}}"""u8, [System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256)])));

    [Fact]
    public async Task Rollout_status_and_list_print_record_text_escaped()
    {
        var cases = TerminalTextCorpus.Cases();
        var ids = new List<string>();
        await using (var operatorClient = await MqttTestClient.ConnectAsync(broker, broker.CertFile("edge-operator"), broker.KeyFile("edge-operator"), "edge-operator-tt"))
        {
            for (var i = 0; i < cases.Count; i++)
            {
                var id = $"tt-rollout-{i:00}";
                ids.Add(id);
                var record = new RolloutRecord
                {
                    Id = id, Group = "tt", Version = 2, PreviousVersion = 1, Envelope = ClaimingVersion2,
                    Waves = [["tt-00"]], HealthSeconds = 60, MaxFailures = "5%", WaveTimeoutSeconds = 900,
                    Phase = RolloutPhase.Halted, Failed = ["tt-00"], Message = cases[i].Raw, StartedAt = Updated, UpdatedAt = Updated,
                };
                Assert.True(Published(await operatorClient.PublishAsync(Topics.Rollout(id), JsonSerializer.Serialize(record, RolloutJsonContext.Default.RolloutRecord))));
            }
        }

        for (var i = 0; i < cases.Count; i++)
        {
            var (exit, stdout, stderr) = await AgentProcess.RunEdgeCtlAsync(["rollout", "status", ids[i], .. Broker()]);
            Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
            AssertNothingActedOn(stdout);
            Assert.Equal(cases[i].Shown, stdout.TrimEnd('\n').Split('\n')[^1]);
        }

        var (listed, list, listErr) = await AgentProcess.RunEdgeCtlAsync(["rollout", "status", .. Broker()]);
        Assert.True(listed == 0, $"exit {listed}\n{list}\n{listErr}");
        AssertNothingActedOn(list);
        Assert.All(ids, id => Assert.Contains(id, list, StringComparison.Ordinal));
    }

    /// <summary>Each device reports one corpus text as its agent version and last error; returns the devices in case order.</summary>
    private async Task<List<string>> ReportAsync(List<(string Name, string Raw, string Shown)> cases)
    {
        Assert.True(cases.Count <= TerminalFleet.Devices.Count, "more corpus cases than the fixture's devices");
        var devices = TerminalFleet.Devices.Take(cases.Count).ToList();
        for (var i = 0; i < cases.Count; i++)
        {
            var status = new DeviceStatus { DeviceId = devices[i], AgentVersion = cases[i].Raw, UpdatedAt = Updated, Converged = true, LastError = cases[i].Raw };
            await using var client = await MqttTestClient.ConnectAsync(broker, broker.CertFile(devices[i]), broker.KeyFile(devices[i]), devices[i]);
            Assert.True(Published(await client.PublishAsync(Topics.Status(devices[i]), JsonSerializer.Serialize(status, FleetJsonContext.Default.DeviceStatus))));
            Assert.True(Published(await client.PublishAsync(Topics.OnlineState(devices[i]), "online")));
        }

        return devices;
    }

    private string[] Broker() => ["--broker", $"mqtts://localhost:{broker.Port}", "--ca", broker.CaFile, "--cert", broker.CertFile("edge-operator"), "--key", broker.KeyFile("edge-operator")];

    private static void AssertNothingActedOn(string output)
    {
        var acted = output.EnumerateRunes().Where(r => r.Value != '\n' && TerminalTextCorpus.ActedOn(r)).ToList();
        Assert.True(acted.Count == 0, $"reaches the terminal: {string.Join(", ", acted.Select(r => $"U+{r.Value:X4}"))}\n{output}");
    }

    /// <summary>The display column where <paramref name="text"/> starts in <paramref name="line"/> (wide characters count two).</summary>
    private static int ColumnOf(string line, string text)
    {
        var at = line.LastIndexOf(text, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{text} not in {line}");
        return TerminalText.Width(line[..at]);
    }

    /// <summary>Accepted by the broker (retained; nobody need be subscribed).</summary>
    private static bool Published(MQTTnet.MqttClientPublishReasonCode code) =>
        code is MQTTnet.MqttClientPublishReasonCode.Success or MQTTnet.MqttClientPublishReasonCode.NoMatchingSubscribers;
}
