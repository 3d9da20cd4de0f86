using System.Security.Cryptography;

namespace EdgeAgent.Core.Intake;

public sealed record RootKey
{
    public const string EcdsaP256Sha256 = "ecdsa-p256-sha256";

    public required string Algorithm { get; init; }

    /// <summary>Base64 of the DER SubjectPublicKeyInfo; its SHA-256 must equal the keyid it is listed under.</summary>
    public required string PublicKey { get; init; }

    public static RootKey For(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new RootKey { Algorithm = EcdsaP256Sha256, PublicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()) };
    }
}
