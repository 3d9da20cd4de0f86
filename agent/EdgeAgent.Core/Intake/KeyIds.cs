using System.Security.Cryptography;

namespace EdgeAgent.Core.Intake;

/// <summary>keyid = lowercase hex SHA-256 of the key's DER SubjectPublicKeyInfo.</summary>
public static class KeyIds
{
    public static string Of(ReadOnlySpan<byte> subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));

    public static string Of(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Of(key.ExportSubjectPublicKeyInfo());
    }
}
