using System.Security.Cryptography;
using System.Text.Json;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Intake;

/// <summary>Parses a root payload strictly and checks it is internally consistent.</summary>
public static class RootValidator
{
    public static RootDocument Parse(ReadOnlySpan<byte> payload)
    {
        RootDocument root;
        try
        {
            root = JsonSerializer.Deserialize(payload, TrustJsonContext.Default.RootDocument)
                ?? throw new TrustException(RejectionReason.MalformedRoot, "root is null");
        }
        catch (JsonException ex)
        {
            throw new TrustException(RejectionReason.MalformedRoot, $"root {JsonErrors.WithPath(ex)}");
        }

        Validate(root);
        return root;
    }

    public static void Validate(RootDocument root)
    {
        ArgumentNullException.ThrowIfNull(root);
        void Fail(string message) => throw new TrustException(RejectionReason.MalformedRoot, $"root v{root.Version}: {message}");

        // Unlike an unknown role, an unknown field could restrict what a known role may sign:
        // dropping it would trust more than the root's signers meant (README "Security model").
        if (UnknownField(root) is { } unknown)
        {
            Fail($"{unknown}: a field this agent does not know could change what the root trusts, so the root is refused; update the agents before publishing such a root");
        }

        if (root.ApiVersion != Manifest.CurrentApiVersion || root.Kind != "Root")
        {
            Fail($"$.apiVersion/$.kind must be \"{Manifest.CurrentApiVersion}\" and \"Root\"");
        }

        if (root.Version < 1)
        {
            Fail("$.version must be 1 or greater");
        }

        // Nulls the parser lets through (map values, list elements: nullable annotations do not reach
        // them), refused by path before anything below reads them.
        foreach (var (keyid, key) in root.Keys)
        {
            if (key is null)
            {
                Fail($"$.keys.{keyid} is null");
            }
        }

        foreach (var (name, role) in root.Roles)
        {
            if (role is null)
            {
                Fail($"$.roles.{name} is null");
            }
            else if (role.Keyids.Select((keyid, index) => keyid is null ? index : -1).FirstOrDefault(index => index >= 0, -1) is >= 0 and var at)
            {
                Fail($"$.roles.{name}.keyids[{at}] is null");
            }
        }

        foreach (var (keyid, key) in root.Keys)
        {
            if (key.Algorithm != RootKey.EcdsaP256Sha256)
            {
                Fail($"$.keys.{keyid}.algorithm must be \"{RootKey.EcdsaP256Sha256}\"");
            }

            byte[] spki;
            try
            {
                spki = Convert.FromBase64String(key.PublicKey);
                using var ecdsa = ECDsa.Create();
                ecdsa.ImportSubjectPublicKeyInfo(spki, out var read);
                if (read != spki.Length || ecdsa.KeySize != 256)
                {
                    Fail($"$.keys.{keyid}.publicKey is not a P-256 public key");
                }
            }
            catch (Exception ex) when (ex is FormatException or CryptographicException or PlatformNotSupportedException)
            {
                // PlatformNotSupported: a well-formed key on a curve this platform does not know.
                Fail($"$.keys.{keyid}.publicKey is not a base64 P-256 SubjectPublicKeyInfo");
                return;
            }

            // A keyid bound to its key: one key can never be listed (and counted) under two ids.
            if (KeyIds.Of(spki) != keyid)
            {
                Fail($"$.keys.{keyid}: keyid is not the SHA-256 of its public key");
            }
        }

        // A role this version does not know (one a newer release added) is ignored, never checked
        // nor used: refusing the whole root would strand devices that update later than the root
        // is published (README "Security model"). Known roles are checked below as always, and
        // verification only ever asks for a known role by name, so an unknown one adds no signer.
        foreach (var name in new[] { RootDocument.RootRole, RootDocument.ManifestsRole, RootDocument.RequestsRole })
        {
            if (!root.Roles.TryGetValue(name, out var role))
            {
                if (name == RootDocument.RequestsRole)
                {
                    continue; // optional: without it, devices refuse every operator request
                }

                Fail($"$.roles.{name} is missing");
                return;
            }

            if (role.Keyids.Distinct(StringComparer.Ordinal).Count() != role.Keyids.Count)
            {
                Fail($"$.roles.{name}.keyids lists a key twice");
            }

            foreach (var keyid in role.Keyids.Where(k => !root.Keys.ContainsKey(k)))
            {
                Fail($"$.roles.{name}.keyids: {keyid} is not in $.keys");
            }

            if (role.Threshold < 1 || role.Threshold > role.Keyids.Count)
            {
                Fail($"$.roles.{name}.threshold must be between 1 and the number of its keys ({role.Keyids.Count})");
            }
        }
    }

    /// <summary>The JSON path of the first member this version does not define (captured by the records' extension data), or null.</summary>
    private static string? UnknownField(RootDocument root)
    {
        static string? First(Dictionary<string, JsonElement>? unknown, string path) =>
            unknown?.Keys.Order(StringComparer.Ordinal).Select(name => $"{path}.{name}").FirstOrDefault();

        return First(root.Unknown, "$")
            ?? root.Roles?.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => First(r.Value?.Unknown, $"$.roles.{r.Key}")).FirstOrDefault(p => p is not null)
            ?? root.Keys?.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => First(k.Value?.Unknown, $"$.keys.{k.Key}")).FirstOrDefault(p => p is not null);
    }
}
