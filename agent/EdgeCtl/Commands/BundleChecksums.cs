using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeCtl.Commands;

/// <summary>
/// SHA256SUMS of a provisioning bundle, in sha256sum's format, closed by an end line naming the count
/// ("# end of bundle: N files", a comment to sha256sum): the device refuses a bundle whose files do
/// not all match (half-copied to the card, or altered), and a list cut short.
/// </summary>
internal static class BundleChecksums
{
    public const string FileName = "SHA256SUMS";

    /// <summary>Writes SHA256SUMS over every file of <paramref name="directory"/> but itself and its signature; returns its bytes.</summary>
    public static byte[] Write(string directory)
    {
        var lines = new StringBuilder();
        var count = 0;
        foreach (var file in Directory.GetFiles(directory).Select(Path.GetFileName).Where(f => f is not (FileName or BundleSignature.FileName)).Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(Path.Combine(directory, file!));
            lines.Append(Convert.ToHexStringLower(SHA256.HashData(stream))).Append("  ").Append(file).Append('\n');
            count++;
        }

        lines.Append(CultureInfo.InvariantCulture, $"# end of bundle: {count} files\n");
        var bytes = Encoding.UTF8.GetBytes(lines.ToString());
        File.WriteAllBytes(Path.Combine(directory, FileName), bytes);
        return bytes;
    }
}
