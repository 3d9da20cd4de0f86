using System.Security.Cryptography;
using System.Text;
using EdgeAgent.Core.Intake;

namespace EdgeAgent.Core.Tests.Fakes;

/// <summary>Keys, roots and signed manifests for trust tests.</summary>
internal static class TestTrust
{
    public static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-28T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    public static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static RootDocument Root(long version, ECDsa[] rootKeys, int rootThreshold, ECDsa[] manifestKeys, int manifestThreshold, DateTimeOffset? expires = null) =>
        RootDocument.Create(version, rootKeys, rootThreshold, manifestKeys, manifestThreshold, expires ?? Now.AddYears(1));

    public static byte[] SignRoot(RootDocument root, params ECDsa[] signers) =>
        DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Root, DsseSigner.Serialize(root), signers));

    public static string ManifestJson(long version = 1, string device = "pi-01", string? group = null, DateTimeOffset? issued = null, DateTimeOffset? expires = null, string apps = "{}") => $$"""
        {
          "apiVersion": "edge/v1", "kind": "Manifest",
          "metadata": { "name": "m", "version": {{version}},
            "issuedAt": "{{(issued ?? Now.AddHours(-1)):O}}", "expiresAt": "{{(expires ?? Now.AddDays(30)):O}}",
            "target": { "devices": ["{{device}}"], "groups": [{{(group is null ? "" : $"\"{group}\"")}}] } },
          "spec": { "apps": {{apps}} }
        }
        """;

    public static byte[] SignManifest(string json, params ECDsa[] signers) =>
        DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, Encoding.UTF8.GetBytes(json), signers));
}
