using System.Security.Cryptography;
using System.Text;

namespace EdgeCtl.Commands;

/// <summary>
/// SHA256SUMS of a provisioning bundle, in sha256sum's format: the device refuses a bundle whose
/// files do not all match (half-copied to the card, or altered).
/// </summary>
internal static class BundleChecksums
{
    public const string FileName = "SHA256SUMS";

    public static void Write(string directory)
    {
        var lines = new StringBuilder();
        foreach (var file in Directory.GetFiles(directory).Select(Path.GetFileName).Where(f => f != FileName).Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(Path.Combine(directory, file!));
            lines.Append(Convert.ToHexStringLower(SHA256.HashData(stream))).Append("  ").Append(file).Append('\n');
        }

        File.WriteAllText(Path.Combine(directory, FileName), lines.ToString());
    }
}
