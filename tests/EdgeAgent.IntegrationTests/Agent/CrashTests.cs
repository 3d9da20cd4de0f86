using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Trust;

namespace EdgeAgent.IntegrationTests.Agent;

/// <summary>
/// The daemon is SIGKILLed at arbitrary moments while it accepts new signed manifests: its trust
/// state must always be whole, and its version floor must never go back.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class CrashTests(DockerHost docker) : IAsyncLifetime
{
    private readonly TempDirectory temp = new();
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public Task InitializeAsync() => docker.ResetAsync();

    public async Task DisposeAsync()
    {
        await docker.ResetAsync();
        temp.Dispose();
    }

    private byte[] Sign(string json) => DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, Encoding.UTF8.GetBytes(json), [key]));

    private static string Json(long version) => Manifests.Stack(version: version)
        .Replace("\"issuedAt\": \"2026-11-28T00:00:00Z\"", $"\"issuedAt\": \"{DateTimeOffset.UtcNow.AddDays(-1).AddMinutes(version):O}\"", StringComparison.Ordinal);

    [Fact]
    public async Task Killed_mid_acceptance_the_agent_keeps_a_whole_state_and_never_lowers_its_floor()
    {
        var keyEntry = new RootKey { Algorithm = RootKey.EcdsaP256Sha256, PublicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()) };
        var root = new RootDocument
        {
            ApiVersion = "edge/v1",
            Kind = "Root",
            Version = 1,
            ExpiresAt = DateTimeOffset.UtcNow.AddDays(30),
            Keys = new Dictionary<string, RootKey> { [KeyIds.Of(key)] = keyEntry },
            Roles = new Dictionary<string, RoleDefinition>
            {
                ["root"] = new() { Keyids = [KeyIds.Of(key)], Threshold = 1 },
                ["manifests"] = new() { Keyids = [KeyIds.Of(key)], Threshold = 1 },
            },
        };
        File.WriteAllBytes(temp.File("root.json"), DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Root, DsseSigner.Serialize(root), [key])));
        var manifest = temp.File("manifest.json");
        var config = temp.AgentConfig(manifestFile: manifest, resyncSeconds: 3600);
        var statePath = temp.File("state/trust-state.json");
        long floor = 0;
        var random = new Random(7);

        for (var version = 1; version <= 6; version++)
        {
            File.WriteAllBytes(manifest, Sign(Json(version)));
            using var agent = AgentProcess.Start(["run", "--config", config]);
            await Task.Delay(random.Next(100, 1500));
            using (var kill = Process.Start("kill", ["-KILL", agent.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await agent.WaitForExitAsync(TimeSpan.FromSeconds(10));
            if (!File.Exists(statePath))
            {
                continue; // killed before the first acceptance
            }

            var state = JsonSerializer.Deserialize(File.ReadAllBytes(statePath), TrustJsonContext.Default.TrustState)!;
            var accepted = state.Streams["local"].Version;
            Assert.InRange(accepted, floor, version);
            floor = accepted;
        }

        Assert.True(floor >= 1, "at least one manifest was accepted before a kill");
        var (exit, _, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", temp.Write("old.dsse.json", Encoding.UTF8.GetString(Sign(Json(floor - 1 == 0 ? 0 : floor - 1)))), "--once", "--config", config]);
        Assert.Equal(1, exit);
        Assert.True(stderr.Contains("version-rollback", StringComparison.Ordinal) || stderr.Contains("$.metadata.version", StringComparison.Ordinal), stderr);
    }
}
