using System.Security.Cryptography;
using EdgeAgent.Core.Intake;

namespace EdgeAgent.IntegrationTests.Agent;

/// <summary>Version skew in the trust root: the real edgectl rotating a root that a newer release wrote (README "Security model").</summary>
public sealed class RootRotateSkewTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Root_rotate_carries_a_role_this_edgectl_does_not_know_to_the_next_root()
    {
        await OkAsync("key", "generate", "--out", temp.File("root.pem"));
        await OkAsync("key", "generate", "--out", temp.File("op.pem"));
        await OkAsync("key", "generate", "--out", temp.File("telemetry.pem"));
        using var rootKey = ECDsa.Create();
        rootKey.ImportFromPem(await File.ReadAllTextAsync(temp.File("root.pem")));
        using var opKey = ECDsa.Create();
        opKey.ImportFromPem(await File.ReadAllTextAsync(temp.File("op.pem")));
        using var telemetryKey = ECDsa.Create();
        telemetryKey.ImportFromPem(await File.ReadAllTextAsync(temp.File("telemetry.pem")));

        // Root v1 as a newer release would write it: a role this edgectl does not know, with a key only that role uses.
        var created = RootDocument.Create(1, [rootKey], 1, [opKey], 1, DateTimeOffset.UtcNow.AddDays(30));
        var telemetry = KeyIds.Of(telemetryKey);
        var newer = created with
        {
            Roles = new Dictionary<string, RoleDefinition>(created.Roles) { ["telemetry"] = new() { Keyids = [telemetry], Threshold = 1 } },
            Keys = new Dictionary<string, RootKey>(created.Keys) { [telemetry] = RootKey.For(telemetryKey) },
        };
        await File.WriteAllBytesAsync(temp.File("root.json"), DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Root, DsseSigner.Serialize(newer), [rootKey])));

        await OkAsync("root", "rotate", "--root", temp.File("root.json"), "--sign-key", temp.File("root.pem"), "--expires", "60d", "--out", temp.File("root2.json"));

        var rotated = RootValidator.Parse(RootChain.DecodePayloadUnverified(await File.ReadAllBytesAsync(temp.File("root2.json"))));
        Assert.Equal(2, rotated.Version);
        Assert.Equal([telemetry], rotated.Roles["telemetry"].Keyids);
        Assert.Equal(RootKey.For(telemetryKey).PublicKey, rotated.Keys[telemetry].PublicKey);
    }

    private static async Task<string> OkAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await AgentProcess.RunEdgeCtlAsync(args);
        Assert.True(exit == 0, $"edgectl {string.Join(' ', args)}: exit {exit}\n{stdout}\n{stderr}");
        return stdout.Trim();
    }
}
