using System.Security.Cryptography;
using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Provisioning;
using EdgeAgent.State;
using EdgeAgent.Trust;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAgent.IntegrationTests.Provisioning;

/// <summary>
/// A device that rotated to root v3 (its trust state records v1 → v2 → v3) and a bundle signed by v3's
/// key: a root.json it would not rotate to is refused when the bundle keeps the stateDir, whatever the
/// root's version (the agent would only log it and stay on v3, talking to the new broker); a proper
/// successor is taken, and so is any root with a fresh stateDir (a fleet move). A trust state that
/// does not verify never lets an older root's key decide.
/// </summary>
public sealed class RootMoveTests : IDisposable
{
    private readonly TestBundle card = new();
    private readonly ECDsa v2Key = ECDsa.Create(ECCurve.NamedCurves.nistP256), v3Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa foreignRootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256), foreignOpsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private TrustState? rotated;

    public static TheoryData<long, bool> ForeignRoots() => new() { { 1, false }, { 3, false }, { 5, false }, { 1, true }, { 3, true }, { 5, true } };

    [Theory]
    [MemberData(nameof(ForeignRoots))]
    public async Task A_foreign_root_is_taken_only_with_a_fresh_stateDir_whatever_its_version(long version, bool freshStateDir)
    {
        await RotatedToV3Async();
        var before = card.Device();
        var stateDir = freshStateDir ? card.Temp + "/fresh-state" : card.State;
        card.Write("CERT-2", card.AgentJson(stateDir: stateDir), TestBundle.Root(foreignRootKey, foreignOpsKey, version));
        card.Sign(v3Key);

        if (freshStateDir)
        {
            Assert.NotNull(await card.TakeAsync());
            Assert.Equal(version, (await TrustedAsync(stateDir)).Version);
            return;
        }

        var ex = await Assert.ThrowsAsync<BundleException>(card.TakeAsync);
        Assert.Contains("does not accept the bundle's trust root", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, card.Device());
    }

    [Fact]
    public async Task A_signed_successor_of_the_stored_root_is_taken_and_the_agent_rotates_to_it()
    {
        await RotatedToV3Async();
        using var v4Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        card.Write("CERT-2", root: TestBundle.Root(v4Key, card.OpsKey, 4, signedBy: v3Key));
        card.Sign(v3Key);

        Assert.NotNull(await card.TakeAsync());
        Assert.Equal(4, (await TrustedAsync(card.State)).Version);
    }

    public static TheoryData<string> DamagedStates() => ["not JSON", "rootEnvelope not base64", "a self-signed root swapped in"];

    [Theory]
    [MemberData(nameof(DamagedStates))]
    public async Task A_trust_state_that_does_not_verify_refuses_re_provisioning_instead_of_falling_back_to_the_shipped_root(string damage)
    {
        await RotatedToV3Async();
        var statePath = Path.Combine(card.State, TrustStore.Document);
        switch (damage)
        {
            case "not JSON": File.WriteAllText(statePath, "{ damaged"); break;
            case "rootEnvelope not base64": File.WriteAllBytes(statePath, JsonSerializer.SerializeToUtf8Bytes(rotated! with { RootEnvelope = "%%" }, TrustJsonContext.Default.TrustState)); break;
            default: File.WriteAllBytes(statePath, JsonSerializer.SerializeToUtf8Bytes(TrustState.FromRoot(TestBundle.Root(foreignRootKey, foreignOpsKey, 7)), TrustJsonContext.Default.TrustState)); break;
        }

        var before = card.Device();

        // v1's key was rotated away (perhaps leaked): the damaged state must not hand it the device.
        foreach (var key in new[] { card.RootKey, v3Key, foreignRootKey })
        {
            card.Write("CERT-2");
            card.Sign(key);
            var ex = await Assert.ThrowsAsync<BundleException>(card.TakeAsync);
            Assert.Contains(TrustStore.Document, ex.Message, StringComparison.Ordinal);
            Assert.Equal(before, card.Device());
        }
    }

    private async Task RotatedToV3Async()
    {
        await card.ProvisionedAsync();
        var v2 = TestBundle.Root(v2Key, card.OpsKey, 2, signedBy: card.RootKey);
        var v3 = TestBundle.Root(v3Key, card.OpsKey, 3, signedBy: v2Key);
        Directory.CreateDirectory(card.State);
        rotated = TrustState.FromRoot(card.FleetRoot).RotatedTo([v2, v3]);
        File.WriteAllBytes(Path.Combine(card.State, TrustStore.Document), JsonSerializer.SerializeToUtf8Bytes(rotated, TrustJsonContext.Default.TrustState));
    }

    /// <summary>The root the agent trusts once it starts on the taken bundle (LoadAsync rotates and saves, as at start).</summary>
    private async Task<RootDocument> TrustedAsync(string stateDir) =>
        (await new TrustStore(new FileStateStore(stateDir, TimeProvider.System), new TrustRootFile(Path.Combine(card.Etc, "root.json")), TimeProvider.System, NullLogger<TrustStore>.Instance)
            .LoadAsync(CancellationToken.None)).Root;

    public void Dispose()
    {
        card.Dispose();
        v2Key.Dispose();
        v3Key.Dispose();
        foreignRootKey.Dispose();
        foreignOpsKey.Dispose();
    }
}
