using System.Security.Cryptography;
using System.Text;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;

namespace EdgeAgent.IntegrationTests.Agent;

/// <summary>Signed desired state through the real agent binary: every attack refused with its reason, the device untouched.</summary>
[Collection(DockerTests.Name)]
public sealed class SignedManifestTests(DockerHost docker) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TempDirectory temp = new();
    private readonly ECDsa root1 = ECDsa.Create(ECCurve.NamedCurves.nistP256), root2 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa op1 = ECDsa.Create(ECCurve.NamedCurves.nistP256), op2 = ECDsa.Create(ECCurve.NamedCurves.nistP256), op3 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public async Task InitializeAsync()
    {
        await docker.ResetAsync();
        File.WriteAllBytes(temp.File("root.json"), SignRoot(Root(1, [root1], 1, [op1, op2, op3], 1), root1));
    }

    public async Task DisposeAsync()
    {
        await docker.ResetAsync();
        temp.Dispose();
    }

    private static RootDocument Root(long version, ECDsa[] rootKeys, int rootThreshold, ECDsa[] manifestKeys, int manifestThreshold) =>
        RootDocument.Create(version, rootKeys, rootThreshold, manifestKeys, manifestThreshold, Now.AddYears(1));

    private static byte[] SignRoot(RootDocument root, params ECDsa[] keys) => DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Root, DsseSigner.Serialize(root), keys));

    private static string Json(long version, string device = "pi-01", DateTimeOffset? issued = null, DateTimeOffset? expires = null, string dbMemory = "32Mi") =>
        Manifests.Stack(version: version, dbMemory: dbMemory)
            .Replace("\"devices\": [\"pi-01\"]", $"\"devices\": [\"{device}\"]", StringComparison.Ordinal)
            .Replace("\"issuedAt\": \"2026-11-28T00:00:00Z\"", $"\"issuedAt\": \"{issued ?? Now.AddMinutes(version - 100):O}\"", StringComparison.Ordinal)
            .Replace("\"expiresAt\": \"2036-01-01T00:00:00Z\"", $"\"expiresAt\": \"{expires ?? Now.AddDays(30):O}\"", StringComparison.Ordinal);

    private static byte[] Sign(string json, params ECDsa[] keys) => DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, Encoding.UTF8.GetBytes(json), keys));

    private Task<(int ExitCode, string Stdout, string Stderr)> ApplyAsync(byte[] envelope, string device = "pi-01") =>
        AgentProcess.RunAsync(["apply", "--manifest", WriteBytes("m.dsse.json", envelope), "--once", "--config", temp.AgentConfig(device: device)]);

    private string WriteBytes(string name, byte[] content)
    {
        File.WriteAllBytes(temp.File(name), content);
        return temp.File(name);
    }

    private async Task<string> ApplyBaselineAsync()
    {
        var (exit, stdout, stderr) = await ApplyAsync(Sign(Json(version: 5), op1));
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("converged", stdout, StringComparison.Ordinal);
        return await docker.SnapshotAsync();
    }

    public static TheoryData<string, RejectionReason> Attacks() => new()
    {
        { "flipped payload byte", RejectionReason.ThresholdNotMet },
        { "unknown key", RejectionReason.ThresholdNotMet },
        { "threshold not met", RejectionReason.ThresholdNotMet },
        { "rollback after restart", RejectionReason.RollbackVersion },
        { "same version, different content", RejectionReason.VersionReplayDifferent },
        { "other device", RejectionReason.WrongTarget },
        { "expired", RejectionReason.Expired },
        { "issued before clock floor", RejectionReason.ClockFloor },
        { "oversize", RejectionReason.Oversize },
        { "non-base64 payload", RejectionReason.MalformedEnvelope },
        { "wrong payloadType", RejectionReason.WrongPayloadType },
        { "unknown key inside signed payload", RejectionReason.InvalidManifest },
        { "unsigned without flag", RejectionReason.UnsignedRefused },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Attack_is_refused_with_its_reason_and_the_device_is_untouched(string attack, RejectionReason reason)
    {
        var before = await ApplyBaselineAsync();
        var good = Sign(Json(version: 6), op1);
        var envelope = System.Text.Json.JsonSerializer.Deserialize(good, TrustJsonContext.Default.DsseEnvelope)!;
        byte[] bytes = attack switch
        {
            "flipped payload byte" => Flip(good, envelope),
            "unknown key" => Sign(Json(version: 6), stranger),
            "threshold not met" => ThresholdTwoThenSignOnce(),
            "rollback after restart" => Sign(Json(version: 4), op1),
            "same version, different content" => Sign(Json(version: 5, dbMemory: "64Mi"), op1),
            "other device" => Sign(Json(version: 6, device: "pi-02"), op1),
            "expired" => Sign(Json(version: 6, issued: Now.AddDays(-2), expires: Now.AddDays(-1)), op1),
            "issued before clock floor" => Sign(Json(version: 6, issued: Now.AddDays(-1)), op1),
            "oversize" => new byte[EnvelopeVerifier.MaxEnvelopeBytes + 10],
            "non-base64 payload" => DsseSigner.Serialize(envelope with { Payload = "*" + envelope.Payload[1..] }),
            "wrong payloadType" => DsseSigner.Serialize(envelope with { PayloadType = PayloadTypes.Root }),
            "unknown key inside signed payload" => Sign(Json(version: 6).Replace("\"kind\": \"Manifest\",", "\"kind\": \"Manifest\", \"owner\": \"mallory\",", StringComparison.Ordinal), op1),
            _ => Encoding.UTF8.GetBytes(Json(version: 6)),
        };

        var (exit, stdout, stderr) = await ApplyAsync(bytes);
        Assert.True(exit == 1, $"{attack}: exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains($"({reason.Code()})", stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", stderr, StringComparison.Ordinal);
        Assert.Equal(before, await docker.SnapshotAsync());

        // The floor did not move: version 6, properly signed, is still accepted.
        var (next, nextOut, nextErr) = await ApplyAsync(attack == "threshold not met" ? Sign(Json(version: 6), op1, op2) : good);
        Assert.True(next == 0, nextOut + nextErr);
    }

    [Fact]
    public async Task An_old_manifest_under_another_file_name_is_still_a_rollback()
    {
        var before = await ApplyBaselineAsync();
        var old = WriteBytes("renamed-old.dsse.json", Sign(Json(version: 2), op1));
        var (exit, _, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", old, "--once", "--config", temp.AgentConfig()]);
        Assert.Equal(1, exit);
        Assert.Contains("(version-rollback)", stderr, StringComparison.Ordinal);
        Assert.Equal(before, await docker.SnapshotAsync());
    }

    private byte[] ThresholdTwoThenSignOnce()
    {
        File.WriteAllBytes(temp.File("root.json"), SignRoot(Root(2, [root1], 1, [op1, op2, op3], 2), root1));
        return Sign(Json(version: 6), op1);
    }

    private static byte[] Flip(byte[] good, DsseEnvelope envelope)
    {
        var payload = Convert.FromBase64String(envelope.Payload);
        payload[payload.Length / 2] ^= 0x20;
        return DsseSigner.Serialize(envelope with { Payload = Convert.ToBase64String(payload) });
    }

    [Fact]
    public async Task Two_of_three_rotation_and_key_replacement_all_work_end_to_end()
    {
        // Root v2: manifests need 2 of 3; signed by the root key (old and new root role are the same key).
        File.WriteAllBytes(temp.File("root.json"), SignRoot(Root(1, [root1], 1, [op1, op2, op3], 1), root1));
        Assert.Equal(0, (await ApplyAsync(Sign(Json(version: 1), op1))).ExitCode);
        File.WriteAllBytes(temp.File("root.json"), SignRoot(Root(2, [root1], 1, [op1, op2, op3], 2), root1));
        var (one, _, oneErr) = await ApplyAsync(Sign(Json(version: 2), op1));
        Assert.Equal(1, one);
        Assert.Contains("signature-threshold-not-met", oneErr, StringComparison.Ordinal);
        Assert.Equal(0, (await ApplyAsync(Sign(Json(version: 2), op2, op3))).ExitCode);

        // op1 is stolen: root v3 removes it (root key moves to root2, signed by old and new root keys).
        File.WriteAllBytes(temp.File("root.json"), SignRoot(Root(3, [root2], 1, [op2, op3], 1), root1, root2));
        var (stolen, _, stolenErr) = await ApplyAsync(Sign(Json(version: 3), op1));
        Assert.Equal(1, stolen);
        Assert.Contains("signature-threshold-not-met", stolenErr, StringComparison.Ordinal);
        Assert.Equal(0, (await ApplyAsync(Sign(Json(version: 3, dbMemory: "40Mi"), op3))).ExitCode);
        Assert.Equal(40L << 20, (await docker.InspectAsync("itest-db")).HostConfig.Memory);

        // Skipping a version, or a root signed only by new keys, is refused and root v3 stays.
        File.WriteAllBytes(temp.File("root.json"), SignRoot(Root(5, [root2], 1, [op1], 1), root2));
        var (skipped, skipOut, skipErr) = await ApplyAsync(Sign(Json(version: 4), op1));
        Assert.Equal(1, skipped);
        Assert.Contains("root-version", skipOut + skipErr, StringComparison.Ordinal);
        File.WriteAllBytes(temp.File("root.json"), SignRoot(Root(4, [stranger], 1, [op1], 1), stranger));
        var (usurped, usurpOut, usurpErr) = await ApplyAsync(Sign(Json(version: 4), op1));
        Assert.Equal(1, usurped);
        Assert.Contains("Rejected root update", usurpOut + usurpErr, StringComparison.Ordinal);
    }
}
