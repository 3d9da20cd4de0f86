using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Intake;

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
        var root = RootDocument.Create(1, [key], 1, [key], 1, DateTimeOffset.UtcNow.AddDays(30));
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
            var accepted = state.Streams.TryGetValue("local", out var stream) ? stream.Version : 0; // the root alone is stored first
            Assert.InRange(accepted, floor, version);
            floor = accepted;
        }

        // Restarted after the last kill, it completes the acceptance and a replay of an older version is refused.
        using (var agent = AgentProcess.Start(["run", "--config", config]))
        {
            await DockerHost.EventuallyAsync(
                () => Task.FromResult(File.Exists(statePath) && JsonSerializer.Deserialize(File.ReadAllBytes(statePath), TrustJsonContext.Default.TrustState)!.Streams.TryGetValue("local", out var s) && s.Version == 6),
                TimeSpan.FromSeconds(30),
                "the restarted agent accepts version 6");
            // 143: SIGTERM arrived before the host installed its handler (systemd counts it as a clean stop too).
            Assert.Contains(await agent.TerminateAsync(TimeSpan.FromSeconds(15)), new[] { 0, 143 });
        }

        var (exit, _, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", temp.Write("old.dsse.json", Encoding.UTF8.GetString(Sign(Json(5)))), "--once", "--config", config]);
        Assert.Equal(1, exit);
        Assert.Contains("version-rollback", stderr, StringComparison.Ordinal);
    }
}
