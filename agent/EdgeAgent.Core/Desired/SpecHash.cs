using System.Security.Cryptography;
using System.Text.Json;

namespace EdgeAgent.Core.Desired;

/// <summary>Content hashes stored in the io.edgeagent.spec-hash label.</summary>
public static class SpecHash
{
    public static string Of(ContainerSpec spec) =>
        Hex(JsonSerializer.SerializeToUtf8Bytes(spec, SpecHashJsonContext.Default.ContainerSpec));

    public static string Of(DesiredNetwork network) =>
        Hex(JsonSerializer.SerializeToUtf8Bytes(network with { SpecHash = "" }, SpecHashJsonContext.Default.DesiredNetwork));

    // 128 bits is ample to detect change; shorter labels keep `docker inspect` readable.
    private static string Hex(byte[] canonical) => Convert.ToHexStringLower(SHA256.HashData(canonical))[..32];
}
