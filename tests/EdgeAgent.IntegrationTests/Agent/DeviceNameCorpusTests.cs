extern alias edgectl;

using System.CommandLine;
using EdgeAgent.Core.Manifests;
using edgectl::EdgeCtl;
using edgectl::EdgeCtl.Commands;

namespace EdgeAgent.IntegrationTests.Agent;

/// <summary>
/// The device-name corpus (tests/corpus/device-names/expected.tsv): every name there is offered as a
/// device id at every entry point that takes one, and each entry point must give its expected
/// outcome: a device id, refused by the name rule, or refused as a name the broker gives operator
/// or monitor rights. edgectl's commands run in-process here (DeviceNameRuleTests runs the program).
/// </summary>
public sealed class DeviceNameCorpusTests : IAsyncLifetime
{
    private static readonly string Corpus = CorpusTable.Folder("device-names");
    private readonly NameEntryPoints names = new();

    public Task InitializeAsync() => names.CreateCaAndRootAsync();

    public Task DisposeAsync()
    {
        names.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_entry_point_gives_each_corpus_name_its_expected_outcome()
    {
        var cases = CorpusTable.InRows(Corpus, columns: 2, atLeast: 25);
        Assert.Contains(cases, c => c[1] == "reserved");
        Assert.Contains(cases, c => c[1] == "device" && c[0].StartsWith(BrokerRoles.Operator, StringComparison.Ordinal));
        var wrong = new List<string>();
        foreach (var (name, outcome) in cases.Select(c => (c[0], c[1])))
        {
            Assert.Contains(outcome, new[] { "device", "reserved", "invalid" });
            var expected = outcome switch { "reserved" => BrokerRoles.Rule, "invalid" => DeviceName.Rule, _ => null };
            foreach (var (entry, refusal) in await OutcomesAsync(name))
            {
                var says = refusal is null ? "accepted" : $"refused: {refusal}";
                if (expected is null ? refusal is not null : refusal?.Contains(expected, StringComparison.Ordinal) != true)
                {
                    wrong.Add($"{entry} \"{name}\": expected {outcome}, {says}");
                }
            }

            // Groups are no identity: a name only reserved is still a group name.
            var asGroup = names.ConfigRefusal($$"""{ "deviceId": "pi-01", "groups": [{{Quote(name)}}], "stateDir": "{{names.Temp.File("state")}}" }""");
            if ((asGroup is null) != (outcome != "invalid"))
            {
                wrong.Add($"agent.json groups \"{name}\": {asGroup ?? "accepted"}");
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} outcomes differ from {Corpus}:\n" + string.Join("\n", wrong));
    }

    /// <summary>Each entry point's refusal of <paramref name="name"/> as a device id, or null when it took it.</summary>
    private async Task<List<(string Entry, string? Refusal)>> OutcomesAsync(string name)
    {
        var json = Quote(name);
        var list = names.Temp.Write("devices.txt", name + " barn\n");
        var boot = names.Temp.File("boot-" + Guid.NewGuid().ToString("N"));
        return
        [
            ("agent.json deviceId", names.ConfigRefusal($$"""{ "deviceId": {{json}}, "stateDir": "{{names.Temp.File("state")}}" }""")),
            ("manifest target.devices", NameEntryPoints.TargetRefusal($$"""{ "devices": [{{json}}] }""")),
            ("edgectl cert issue --kind device", await RefusalAsync(CaCommands.BuildCert(), name, "issue", "--ca", names.Temp.File("ca"), "--kind", "device", "--name", name, "--out", names.Temp.File("certs"))),
            ("edgectl device provision --device", await RefusalAsync(DeviceCommands.Build(), name, "provision", "--device", name, "--ca", names.Temp.File("ca"), "--root", names.Temp.File("root.json"), "--broker", "mqtts://broker.example:8883", "--out", boot)),
            ("edgectl broker authorization --devices", await RefusalAsync(BrokerCommands.Build(), name, "authorization", "--devices", list, "--format", "nats", "--out", names.Temp.File("auth.conf"))),
            ("edgectl fleet status --device", await RefusalAsync(FleetCommands.Build(), name, "status", "--broker", "mqtts://127.0.0.1:1", "--ca", names.Temp.File("ca/ca.pem"), "--cert", names.Temp.File("ca/ca.pem"), "--key", names.Temp.File("ca/ca.key"), "--device", name)),
            ("edgectl logs --device", await RefusalAsync(LogsCommand.Build(), name, "--broker", "mqtts://127.0.0.1:1", "--ca", names.Temp.File("ca/ca.pem"), "--cert", names.Temp.File("ca/ca.pem"), "--key", names.Temp.File("ca/ca.key"), "--sign-key", names.Temp.File("no-such-key.pem"), "--device", name)),
            ("edgectl manifest verify --device", await RefusalAsync(ManifestCommands.Build(), name, "verify", "--root", names.Temp.File("root.json"), "--in", names.Temp.File("no-such-manifest.json"), "--device", name)),
        ];
    }

    /// <summary>Runs an edgectl command in-process: its usage error about <paramref name="name"/>, or null when it took the name.</summary>
    private static async Task<string?> RefusalAsync(Command command, string name, params string[] args)
    {
        var parse = command.Parse(args);
        if (parse.Errors.Count > 0)
        {
            return string.Join("; ", parse.Errors.Select(e => e.Message));
        }

        try
        {
            await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
            return null;
        }
        catch (CliException ex) when (ex.ExitCode == 2 && ex.Message.Contains($"\"{name}\"", StringComparison.Ordinal))
        {
            return ex.Message;
        }
        catch (Exception)
        {
            return null; // it got past the name (to the broker, a missing file, ...)
        }
    }

    /// <summary>The name as a JSON string.</summary>
    private static string Quote(string name) => System.Text.Json.JsonSerializer.Serialize(name);
}
