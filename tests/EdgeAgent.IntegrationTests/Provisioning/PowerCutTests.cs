using System.Diagnostics;
using System.Security.Cryptography;
using EdgeAgent.Provisioning;

namespace EdgeAgent.IntegrationTests.Provisioning;

/// <summary>
/// A power cut while a verified bundle's files are moved into place. The real code is stopped at each
/// point by a file it cannot replace (chattr +i: rename(2) over it fails, as the cut would stop it), and
/// the "next start" runs once the file is released. That start finishes the bundle from its staging
/// directory, even for a fleet move whose half-moved configuration already trusts the new root, which
/// would refuse the card's bundle (signed by the old root) if it were judged again.
/// </summary>
public sealed class PowerCutTests : IDisposable
{
    private readonly TestBundle card = new();
    private readonly ECDsa newRootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256), newOpsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private string? frozen;

    /// <summary>Where the moves are cut: before each file in the order they are moved, and before the bundle is recorded as taken.</summary>
    public static TheoryData<string> CutPoints() => ["agent.json", "device.key", "device.pem", "root.json", BootBundle.TakenRecord];

    [Theory]
    [MemberData(nameof(CutPoints))]
    public async Task A_fleet_move_cut_short_while_its_files_were_moved_is_finished_at_the_next_start(string cutBefore)
    {
        await card.ProvisionedAsync();
        var newRoot = TestBundle.Root(newRootKey, newOpsKey);
        var agentJson = card.AgentJson(stateDir: card.Temp + "/state-2");
        card.Write("CERT-2", agentJson, newRoot);
        card.Sign(card.RootKey);
        var expected = new[] { "agent.json", "device.key", "device.pem", "root.json" }.ToDictionary(n => n, n => File.ReadAllBytes(Path.Combine(card.Boot, n)));

        Freeze(Path.Combine(card.Etc, cutBefore));
        var cut = await Assert.ThrowsAsync<BundleException>(card.TakeAsync);
        Assert.False(cut.NothingApplied);
        Assert.True(File.Exists(Path.Combine(card.Boot, "device.key")), "the key stays on the card until the bundle is taken");
        Release();

        var finished = await card.TakeAsync();
        Assert.NotNull(finished);
        Assert.True(finished.Signed);
        Assert.Empty(finished.Warnings);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), finished.Taken.Order(StringComparer.Ordinal));
        foreach (var (name, content) in expected)
        {
            Assert.Equal(content, File.ReadAllBytes(Path.Combine(card.Etc, name)));
        }

        Assert.False(File.Exists(Path.Combine(card.Boot, "device.key")));
        Assert.False(Directory.Exists(Path.Combine(card.Etc, BundleStaging.DirectoryName)));
        Assert.False(File.Exists(Path.Combine(card.Etc, BundleStaging.JournalName)));

        // Stable afterwards: the start after that takes nothing and changes nothing, and the new root now decides.
        var settled = card.Device();
        Assert.Null(await card.TakeAsync());
        Assert.Equal(settled, card.Device());
        card.Write("CERT-3", agentJson, newRoot);
        card.Sign(card.RootKey);
        await Assert.ThrowsAsync<BundleException>(card.TakeAsync);
        Assert.Equal(settled, card.Device());
    }

    [Fact]
    public async Task A_cut_before_the_journal_leaves_no_commit_to_finish_and_the_card_is_judged_as_usual()
    {
        await card.ProvisionedAsync();

        // A cut while the bundle was being checked leaves a staging directory alone: it is discarded.
        var staging = Directory.CreateDirectory(Path.Combine(card.Etc, BundleStaging.DirectoryName)).FullName;
        File.WriteAllText(Path.Combine(staging, "device.pem"), "HALF-COPIED");
        card.Write("CERT-2");
        card.Sign(card.RootKey);
        Assert.NotNull(await card.TakeAsync());
        Assert.Equal("CERT-2", File.ReadAllText(Path.Combine(card.Etc, "device.pem")));
        Assert.False(Directory.Exists(staging));

        // A journal whose staged list is gone (the cut came before it was durable) is dropped.
        File.WriteAllText(Path.Combine(card.Etc, BundleStaging.JournalName), new string('a', 64) + " signed\n");
        card.Write("CERT-3");
        card.Sign(card.RootKey);
        Assert.NotNull(await card.TakeAsync());
        Assert.Equal("CERT-3", File.ReadAllText(Path.Combine(card.Etc, "device.pem")));
        Assert.False(File.Exists(Path.Combine(card.Etc, BundleStaging.JournalName)));
        Assert.False(Directory.Exists(staging));
    }

    private void Freeze(string path)
    {
        Chattr("+i", path);
        frozen = path;
    }

    private void Release()
    {
        if (frozen is not null)
        {
            Chattr("-i", frozen);
            frozen = null;
        }
    }

    private static void Chattr(string flag, string path)
    {
        using var chattr = Process.Start("chattr", [flag, path])!;
        chattr.WaitForExit();
        Assert.True(chattr.ExitCode == 0, $"chattr {flag} {path} failed: the test needs root and a file system with the immutable flag (ext4)");
    }

    public void Dispose()
    {
        Release();
        card.Dispose();
        newRootKey.Dispose();
        newOpsKey.Dispose();
    }
}
