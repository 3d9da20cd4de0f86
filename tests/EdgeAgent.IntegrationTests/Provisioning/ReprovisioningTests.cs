using System.Security.Cryptography;
using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.IntegrationTests.Agent;
using EdgeAgent.Provisioning;

namespace EdgeAgent.IntegrationTests.Provisioning;

/// <summary>
/// Once a device trusts a root, whoever can write its card cannot re-provision it: a new bundle is
/// taken only when the trusted root's root keys signed its SHA256SUMS, and one the agent could not
/// start with is refused before anything is replaced. The device keeps exactly what it had.
/// </summary>
public sealed class ReprovisioningTests : IDisposable
{
    private readonly TestBundle card = new();
    private readonly ECDsa foreignRootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256), foreignOpsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static TheoryData<string> Unauthorised() =>
    [
        "unsigned renewal", "another fleet's root, a fresh stateDir and allowPrivileged, unsigned", "the same, signed by the other fleet's root key",
        "signed by the trusted root's manifests key", "a signature over another SHA256SUMS", "a signature that is not an envelope", "a symlinked signature",
    ];

    [Theory]
    [MemberData(nameof(Unauthorised))]
    public async Task A_bundle_not_signed_by_the_trusted_roots_keys_is_refused_whole(string bundle)
    {
        await card.ProvisionedAsync();
        var before = card.Device();
        var hostile = card.AgentJson(stateDir: card.Temp + "/fresh-state", extra: """, "policy": { "allowPrivileged": true }""");
        var foreignRoot = TestBundle.Root(foreignRootKey, foreignOpsKey);
        switch (bundle)
        {
            case "unsigned renewal": card.Write("CERT-2"); break;
            case "another fleet's root, a fresh stateDir and allowPrivileged, unsigned": card.Write("CERT-2", hostile, foreignRoot); break;
            case "the same, signed by the other fleet's root key":
                card.Write("CERT-2", hostile, foreignRoot);
                card.Sign(foreignRootKey);
                break;
            case "signed by the trusted root's manifests key":
                card.Write("CERT-2");
                card.Sign(card.OpsKey);
                break;
            case "a signature over another SHA256SUMS":
                card.Write("CERT-2");
                card.Sign(card.RootKey);
                card.Write("CERT-3");
                break;
            case "a signature that is not an envelope":
                card.Write("CERT-2");
                File.WriteAllText(Path.Combine(card.Boot, BootBundle.Signature), "not json");
                break;
            default:
                card.Write("CERT-2");
                card.Sign(card.RootKey);
                File.Move(Path.Combine(card.Boot, BootBundle.Signature), card.Temp + "/sig");
                File.CreateSymbolicLink(Path.Combine(card.Boot, BootBundle.Signature), card.Temp + "/sig");
                break;
        }

        var ex = await Assert.ThrowsAsync<BundleException>(card.TakeAsync);
        Assert.Contains(BootBundle.Signature, ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, card.Device());
        Assert.True(File.Exists(Path.Combine(card.Boot, "device.key")), "the key stays on a refused card");
    }

    [Fact]
    public async Task A_bundle_signed_by_the_trusted_roots_key_is_taken_and_may_move_the_device_to_a_new_root()
    {
        await card.ProvisionedAsync();
        card.Write("CERT-2 (renewed)");
        card.Sign(card.RootKey);
        Assert.True((await card.TakeAsync())!.Signed);
        Assert.Equal("CERT-2 (renewed)", File.ReadAllText(Path.Combine(card.Etc, "device.pem")));

        // The fleet moves the device to another root (and a new stateDir): authorised by the root it trusts now.
        var foreignRoot = TestBundle.Root(foreignRootKey, foreignOpsKey);
        card.Write("CERT-3", card.AgentJson(stateDir: card.Temp + "/state-2"), foreignRoot);
        card.Sign(card.RootKey);
        Assert.NotNull(await card.TakeAsync());
        Assert.Equal(foreignRoot, File.ReadAllBytes(Path.Combine(card.Etc, "root.json")));

        // From then on the new root's keys authorise, the old ones no longer.
        card.Write("CERT-4", card.AgentJson(stateDir: card.Temp + "/state-2"), foreignRoot);
        card.Sign(card.RootKey);
        await Assert.ThrowsAsync<BundleException>(card.TakeAsync);
        card.Sign(foreignRootKey);
        Assert.NotNull(await card.TakeAsync());
    }

    [Fact]
    public async Task The_root_kept_in_the_state_directory_decides_once_the_device_has_rotated()
    {
        await card.ProvisionedAsync();
        using var newRootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var v2 = TestBundle.Root(newRootKey, card.OpsKey, version: 2, signedBy: card.RootKey);
        Directory.CreateDirectory(card.State);
        var rotated = TrustState.FromRoot(card.FleetRoot).RotatedTo([v2]);
        File.WriteAllBytes(Path.Combine(card.State, TrustStore.Document), JsonSerializer.SerializeToUtf8Bytes(rotated, TrustJsonContext.Default.TrustState));

        // The v1 root key was rotated away (perhaps because it leaked): it no longer re-provisions the device.
        card.Write("CERT-2");
        card.Sign(card.RootKey);
        var ex = await Assert.ThrowsAsync<BundleException>(card.TakeAsync);
        Assert.Contains("root v2", ex.Message, StringComparison.Ordinal);
        card.Sign(newRootKey);
        Assert.NotNull(await card.TakeAsync());
    }

    [Fact]
    public async Task A_signed_bundle_whose_root_the_state_directory_would_refuse_is_refused_before_anything_is_replaced()
    {
        // The device has a trust state; a bundle keeping its stateDir but bringing an unrelated root would leave it exiting 2 at every start.
        await card.ProvisionedAsync();
        Directory.CreateDirectory(card.State);
        File.WriteAllBytes(Path.Combine(card.State, TrustStore.Document), JsonSerializer.SerializeToUtf8Bytes(TrustState.FromRoot(card.FleetRoot), TrustJsonContext.Default.TrustState));
        var before = card.Device();
        card.Write("CERT-2", root: TestBundle.Root(foreignRootKey, foreignOpsKey));
        card.Sign(card.RootKey);

        var ex = await Assert.ThrowsAsync<BundleException>(card.TakeAsync);
        Assert.Contains("stateDir", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, card.Device());
    }

    [Fact]
    public async Task Edgectl_signs_a_bundle_the_device_takes_and_refuses_keys_the_device_would_refuse()
    {
        using var temp = new TempDirectory();
        await AgentProcess.RunEdgeCtlAsync("ca", "init", "--out", temp.File("ca"));
        File.WriteAllText(temp.File("root-key.pem"), card.RootKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(temp.File("ops-key.pem"), card.OpsKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(temp.File("root.json"), card.FleetRoot);
        await card.ProvisionedAsync();

        string[] Provision(string key, string outDir) => ["device", "provision", "--device", "pi-07", "--ca", temp.File("ca"), "--root", temp.File("root.json"), "--broker", "mqtts://broker.example:8883", "--sign-key", key, "--out", outDir];
        var (refused, _, error) = await AgentProcess.RunEdgeCtlAsync(Provision(temp.File("ops-key.pem"), temp.File("refused")));
        Assert.Equal(2, refused);
        Assert.Contains("--sign-key", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("refused")));

        var (signed, output, signError) = await AgentProcess.RunEdgeCtlAsync(Provision(temp.File("root-key.pem"), card.Boot));
        Assert.True(signed == 0, output + signError);
        Assert.Contains(BootBundle.Signature, output, StringComparison.Ordinal);
        Assert.Equal(BundleEntry.EndLine(5), File.ReadAllLines(Path.Combine(card.Boot, BootBundle.Checksums))[^1]);
        var outcome = await new BootBundle(card.Boot, card.Etc).TakeAsync(CancellationToken.None);
        Assert.True(outcome!.Signed);
    }

    public void Dispose()
    {
        card.Dispose();
        foreignRootKey.Dispose();
        foreignOpsKey.Dispose();
    }
}
