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

    /// <summary>Apps named <paramref name="names"/>, each on the busybox image, as manifest JSON.</summary>
    public static string Apps(params string[] names) =>
        "{" + string.Join(",", names.Select(n => $"\"{n}\": {{ \"image\": \"edgeagent/busybox:1.35\" }}")) + "}";

    /// <summary>A manifest targeting a group instead of a device.</summary>
    public static string GroupManifest(long version, string apps, string group = "greenhouse") =>
        ManifestJson(version: version, apps: apps).Replace("\"devices\": [\"pi-01\"], \"groups\": []", $"\"devices\": [], \"groups\": [\"{group}\"]", StringComparison.Ordinal);

    /// <summary>Offers, moves <paramref name="trust"/> on when accepted, and commits: what the intake does.</summary>
    public static StreamEvaluation OfferAndCommit(DesiredStreams streams, ref TrustState trust, string stream, byte[] envelope)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var evaluation = streams.Offer(trust, stream, envelope);
        if (evaluation.Accepted)
        {
            trust = evaluation.NextTrust!;
        }

        streams.Commit(evaluation, envelope);
        return evaluation;
    }
}
