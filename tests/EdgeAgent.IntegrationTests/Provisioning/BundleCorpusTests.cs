using System.Security.Cryptography;
using System.Text.RegularExpressions;
using EdgeAgent.Core.Intake;
using EdgeAgent.Provisioning;

namespace EdgeAgent.IntegrationTests.Provisioning;

/// <summary>
/// The hostile bundle corpus (tests/corpus/bundles, a folder per class, with expected.tsv): every
/// bundle there is put on a card and refused with its text, leaving the device exactly as it was and
/// the device key on the card.
/// </summary>
public sealed partial class BundleCorpusTests
{
    private static readonly string Corpus = CorpusTable.Folder("bundles");

    [Fact]
    public async Task Every_corpus_bundle_is_refused_with_its_text_and_changes_nothing()
    {
        var cases = CorpusTable.ForFolders(Corpus, columns: 4, atLeast: 15);

        var wrong = new List<string>();
        foreach (var (folder, device, signedBy, says) in cases.Select(c => (c[0], c[1], c[2], c[3])))
        {
            using var card = new TestBundle();
            using var foreignKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            if (device != "fresh")
            {
                await card.ProvisionedAsync();
            }

            if (device is "started" or "damaged")
            {
                // The agent ran once (its trust state holds the fleet root), or that state was damaged since.
                Directory.CreateDirectory(card.State);
                File.WriteAllBytes(Path.Combine(card.State, TrustStore.Document), device == "damaged"
                    ? "{ damaged"u8.ToArray()
                    : System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(TrustState.FromRoot(card.FleetRoot), TrustJsonContext.Default.TrustState));
            }

            var before = card.Device();
            PutOnCard(card, Path.Combine(Corpus, folder), TestBundle.Root(foreignKey, foreignKey), TestBundle.Root(foreignKey, foreignKey, version: 5));
            switch (signedBy)
            {
                case "root": card.Sign(card.RootKey); break;
                case "manifests": card.Sign(card.OpsKey); break;
                case "foreign": card.Sign(foreignKey); break;
                default: Assert.Equal("none", signedBy); break;
            }

            try
            {
                wrong.Add($"{folder}: {(await card.TakeAsync() is null ? "not taken, as if it were the bundle taken before" : "taken")}");
            }
            catch (BundleException ex) when (ex.Message.Contains(says, StringComparison.Ordinal) && ex.NothingApplied)
            {
                if (!before.SequenceEqual(card.Device()) || !File.Exists(Path.Combine(card.Boot, "device.key")))
                {
                    wrong.Add($"{folder}: the device or the card changed");
                }
            }
            catch (BundleException ex)
            {
                wrong.Add($"{folder}: {ex.Message}");
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cases.Count} corpus bundles misbehaved:\n" + string.Join("\n", wrong));
    }

    /// <summary>The folder's files on the card, placeholders replaced; SHA256SUMS as edgectl writes it unless the folder has its own.</summary>
    private static void PutOnCard(TestBundle card, string folder, byte[] foreignRoot, byte[] newerForeignRoot)
    {
        foreach (var earlier in Directory.EnumerateFiles(card.Boot))
        {
            File.Delete(earlier); // what is left of the first bundle
        }

        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var text = File.ReadAllText(file).Replace("$TEMP", card.Temp, StringComparison.Ordinal);
            byte[] content = text switch
            {
                "$FLEET_ROOT" => card.FleetRoot,
                "$FOREIGN_ROOT" => foreignRoot,
                "$FOREIGN_ROOT_V5" => newerForeignRoot,
                "$UNSIGNED_ROOT" => DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Root, RootChain.DecodePayloadUnverified(card.FleetRoot), [])),
                _ => System.Text.Encoding.UTF8.GetBytes(text),
            };
            File.WriteAllBytes(Path.Combine(card.Boot, Path.GetFileName(file)), content);
        }

        var sums = Path.Combine(card.Boot, BootBundle.Checksums);
        if (!File.Exists(sums))
        {
            card.Sums();
            return;
        }

        File.WriteAllText(sums, HashPlaceholder().Replace(File.ReadAllText(sums), m =>
            Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(card.Boot, m.Groups[1].Value))))));
    }

    [GeneratedRegex(@"\$HASH\(([^)]+)\)")]
    private static partial Regex HashPlaceholder();
}
