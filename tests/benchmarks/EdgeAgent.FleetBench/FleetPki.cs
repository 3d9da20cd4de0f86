extern alias edgectl;

using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using EdgeAgent.Core.Intake;
using edgectl::EdgeCtl.Commands;

namespace EdgeAgent.FleetBench;

/// <summary>
/// The benchmark fleet's keys and certificates, made with edgectl's own code in-process (ten
/// thousand `edgectl cert issue` processes would take longer than the benchmark): the fleet CA, a
/// broker certificate for localhost, the operator and monitor, one certificate per device, a trust
/// root and the operator's signing key, the device list, and the NATS users `edgectl broker authorization` makes of it.
/// </summary>
internal static class FleetPki
{
    public const string Group = "bench";

    public static string DeviceId(int i) => "bench-" + i.ToString("D5", CultureInfo.InvariantCulture);

    public static string Ca(string work) => Path.Combine(work, "pki/ca/ca.pem");

    public static string Cert(string work, string identity) => Path.Combine(work, $"pki/clients/{identity}.pem");

    public static string Key(string work, string identity) => Path.Combine(work, $"pki/clients/{identity}.key");

    public static string RootFile(string work) => Path.Combine(work, "pki/root.json");

    public static ECDsa SigningKey(string work)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(work, "pki/signing.pem")));
        return key;
    }

    public static async Task CreateAsync(string work, int devices)
    {
        var ca = Path.Combine(work, "pki/ca");
        var clients = Path.Combine(work, "pki/clients");
        Directory.CreateDirectory(clients);
        Directory.CreateDirectory(Path.Combine(work, "pki/broker"));
        await new RootCommand { CaCommands.BuildCa() }.Parse(["ca", "init", "--out", ca]).InvokeAsync();
        CaCommands.Issue(ca, "localhost", "broker", ["127.0.0.1"], 30, Path.Combine(work, "pki/broker"));
        CaCommands.Issue(ca, "edge-operator", "operator", [], 30, clients);
        CaCommands.Issue(ca, "edge-monitor", "operator", [], 30, clients);
        Parallel.For(0, devices, i => CaCommands.Issue(ca, DeviceId(i), "device", [], 30, clients));

        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var root = RootDocument.Create(1, [rootKey], 1, [signingKey], 1, DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(RootFile(work), DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Root, DsseSigner.Serialize(root), [rootKey])));
        File.WriteAllText(Path.Combine(work, "pki/signing.pem"), signingKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllLines(Path.Combine(work, "devices.txt"), Enumerable.Range(0, devices).Select(i => $"{DeviceId(i)} {Group}"));
        await new RootCommand { BrokerCommands.Build() }
            .Parse(["broker", "authorization", "--devices", Path.Combine(work, "devices.txt"), "--format", "nats", "--out", Path.Combine(work, "authorization.conf")]).InvokeAsync();
    }
}
