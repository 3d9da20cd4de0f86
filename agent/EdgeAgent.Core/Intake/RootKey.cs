using System.Security.Cryptography;

namespace EdgeAgent.Core.Intake;

public sealed record RootKey
{
    public const string EcdsaP256Sha256 = "ecdsa-p256-sha256";

    public required string Algorithm { get; init; }

    /// <summary>Base64 of the DER SubjectPublicKeyInfo; its SHA-256 must equal the keyid it is listed under.</summary>
    public required string PublicKey { get; init; }

    /// <summary>
    /// Members this version does not define, kept so that RootValidator refuses them by
    /// path: an unknown field could restrict what the root trusts (README "Security model"). Null when there are none
    /// (settable: System.Text.Json binds extension data neither to an init-only member nor to a read-only one).
    /// </summary>
    [System.Text.Json.Serialization.JsonExtensionData]
    public Dictionary<string, System.Text.Json.JsonElement>? Unknown { get; set; }

    public static RootKey For(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new RootKey { Algorithm = EcdsaP256Sha256, PublicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()) };
    }
}
