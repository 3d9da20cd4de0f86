using EdgeAgent.Core.Manifests;

namespace EdgeAgent.IntegrationTests.Agent;

/// <summary>
/// One rule for device and group names at every entry point: what agent.json, a manifest's target,
/// `edgectl cert issue`, `edgectl device provision` and `edgectl fleet` accept, all accept; what one
/// refuses, all refuse, with the same message.
/// </summary>
public sealed class DeviceNameRuleTests : IAsyncLifetime
{
    private readonly NameEntryPoints names = new();

    public static TheoryData<string, bool> Names() => new()
    {
        { "pi-01", true }, { "a", true }, { "0", true }, { "greenhouse-7", true }, { new string('x', 63), true },
        { "Pi_01", false }, { "PI-01", false }, { "-pi", false }, { "pi 01", false }, { "pi/01", false }, { "pi+", false },
        { "pi.01", false }, { "pi_01", false }, { new string('x', 64), false }, { "pi\n", false }, { "#", false },
    };

    public Task InitializeAsync() => names.CreateCaAndRootAsync();

    public Task DisposeAsync()
    {
        names.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Every_entry_point_applies_the_same_name_rule(string name, bool valid)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(name);
        var outcomes = new Dictionary<string, (bool Accepted, string Message)>
        {
            ["agent.json deviceId"] = Config($$"""{ "deviceId": {{json}}, "stateDir": "{{names.Temp.File("state")}}" }"""),
            ["agent.json groups"] = Config($$"""{ "deviceId": "pi-01", "groups": [{{json}}], "stateDir": "{{names.Temp.File("state")}}" }"""),
            ["manifest target device"] = Target($$"""{ "devices": [{{json}}] }"""),
            ["manifest target group"] = Target($$"""{ "groups": [{{json}}] }"""),
            ["edgectl cert issue"] = await EdgeCtlAsync("cert", "issue", "--ca", names.Temp.File("ca"), "--kind", "device", "--name", name, "--out", names.Temp.File("certs")),
            ["edgectl device provision --device"] = await EdgeCtlAsync("device", "provision", "--device", name, "--ca", names.Temp.File("ca"), "--root", names.Temp.File("root.json"), "--broker", "mqtts://broker.example:8883", "--out", names.Temp.File("boot-" + Guid.NewGuid().ToString("N"))),
            ["edgectl device provision --group"] = await EdgeCtlAsync("device", "provision", "--device", "pi-01", "--group", name, "--ca", names.Temp.File("ca"), "--root", names.Temp.File("root.json"), "--broker", "mqtts://broker.example:8883", "--out", names.Temp.File("boot-" + Guid.NewGuid().ToString("N"))),
            ["edgectl fleet status --device"] = await FleetAsync(name),
        };

        foreach (var (entry, (accepted, message)) in outcomes)
        {
            Assert.True(accepted == valid, $"{entry} {(accepted ? "accepted" : "refused")} {System.Text.Json.JsonSerializer.Serialize(name)}: {message}");
            if (!valid)
            {
                Assert.True(message.Contains(DeviceName.Rule, StringComparison.Ordinal), $"{entry}: {message}");
            }
        }
    }

    private (bool, string) Config(string content) => Outcome(names.ConfigRefusal(content));

    private static (bool, string) Target(string target) => Outcome(NameEntryPoints.TargetRefusal(target));

    private static (bool, string) Outcome(string? refusal) => (refusal is null, refusal ?? "");

    private static async Task<(bool, string)> EdgeCtlAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await AgentProcess.RunEdgeCtlAsync(args);
        return (exit == 0, stdout + stderr);
    }

    /// <summary>No broker listens on port 1: a valid name gets as far as connecting, an invalid one is a usage error.</summary>
    private async Task<(bool, string)> FleetAsync(string name)
    {
        var (exit, stdout, stderr) = await AgentProcess.RunEdgeCtlAsync(
            "fleet", "status", "--broker", "mqtts://127.0.0.1:1", "--ca", names.Temp.File("ca/ca.pem"), "--cert", names.Temp.File("ca/ca.pem"), "--key", names.Temp.File("ca/ca.key"), "--device", name);
        var refusedName = exit == 2 && (stdout + stderr).Contains("--device", StringComparison.Ordinal);
        return (!refusedName, stdout + stderr);
    }
}
