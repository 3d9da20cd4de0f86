using System.Security.Cryptography;
using EdgeAgent.Core.Intake;
using EdgeAgent.Provisioning;
using EdgeAgent.Shared;

namespace EdgeAgent.IntegrationTests.Provisioning;

/// <summary>
/// A card's boot partition (Boot) and a device's configuration and state directories (Etc, State) in a
/// temporary directory, with a fleet root (RootKey, OpsKey) and bundles written as edgectl writes them.
/// </summary>
internal sealed class TestBundle : IDisposable
{
    private readonly TempDirectory temp = new();

    public TestBundle()
    {
        Boot = temp.File("boot");
        Etc = temp.File("etc");
        State = temp.File("state");
        Directory.CreateDirectory(Boot);
        FleetRoot = Root(RootKey, OpsKey);
    }

    public string Temp => temp.Path;

    public string Boot { get; }

    public string Etc { get; }

    public string State { get; }

    public ECDsa RootKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ECDsa OpsKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public byte[] FleetRoot { get; }

    public static byte[] Root(ECDsa rootKey, ECDsa opsKey, long version = 1, ECDsa? signedBy = null)
    {
        var root = RootDocument.Create(version, [rootKey], 1, [opsKey], 1, DateTimeOffset.UtcNow.AddYears(1));
        return DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Root, DsseSigner.Serialize(root), signedBy is null ? [rootKey] : [signedBy, rootKey]));
    }

    /// <summary>A configuration as edgectl writes it, its paths in this directory; <paramref name="extra"/> adds keys.</summary>
    public string AgentJson(string? stateDir = null, string extra = "") => $$"""
        { "deviceId": "pi-07", "groups": ["greenhouse"], "stateDir": "{{stateDir ?? State}}", "trustRoot": "{{Etc}}/root.json", "manifestFile": null{{extra}} }
        """;

    /// <summary>Writes a whole bundle: configuration, certificate, key, root; then its SHA256SUMS.</summary>
    public void Write(string certificate = "CERT-1", string? agentJson = null, byte[]? root = null)
    {
        File.WriteAllText(Path.Combine(Boot, "agent.json"), agentJson ?? AgentJson());
        File.WriteAllText(Path.Combine(Boot, "device.pem"), certificate);
        File.WriteAllText(Path.Combine(Boot, "device.key"), "KEY");
        File.WriteAllBytes(Path.Combine(Boot, "root.json"), root ?? FleetRoot);
        Sums();
    }

    /// <summary>SHA256SUMS over the bundle's regular files, <paramref name="extraLines"/> after them, and the end line counting them all.</summary>
    public byte[] Sums(params string[] extraLines)
    {
        var lines = Directory.GetFiles(Boot).Where(f => RegularFile.NotRegular(f) is null && new FileInfo(f).LinkTarget is null)
            .Select(Path.GetFileName).Where(f => f is not (BootBundle.Checksums or BootBundle.Signature)).Order(StringComparer.Ordinal)
            .Select(f => $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Boot, f!))))}  {f}").Concat(extraLines).ToList();
        lines.Add(BundleEntry.EndLine(lines.Count));
        var bytes = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        File.WriteAllBytes(Path.Combine(Boot, BootBundle.Checksums), bytes);
        return bytes;
    }

    /// <summary>Signs the SHA256SUMS on the card (SHA256SUMS.dsse.json), as `edgectl device provision --sign-key` does.</summary>
    public void Sign(params ECDsa[] keys) => File.WriteAllBytes(
        Path.Combine(Boot, BootBundle.Signature),
        DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Bundle, File.ReadAllBytes(Path.Combine(Boot, BootBundle.Checksums)), keys)));

    public BootBundle New() => new(Boot, Etc);

    public Task<BundleOutcome?> TakeAsync() => New().TakeAsync(CancellationToken.None);

    /// <summary>A first bundle taken: the device trusts the fleet root from now on.</summary>
    public async Task ProvisionedAsync()
    {
        Write();
        Assert.NotNull(await TakeAsync());
    }

    /// <summary>Every file under the configuration and state directories with its content (what "nothing changed" compares).</summary>
    public SortedDictionary<string, string> Device() => new(
        new[] { Etc, State }.Where(Directory.Exists).SelectMany(d => Directory.EnumerateFileSystemEntries(d, "*", SearchOption.AllDirectories))
            .ToDictionary(f => f, f => File.Exists(f) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))) : "(directory)"),
        StringComparer.Ordinal);

    public void Dispose()
    {
        temp.Dispose();
        RootKey.Dispose();
        OpsKey.Dispose();
    }
}
