namespace EdgeAgent.Provisioning;

/// <summary>One line of a bundle's SHA256SUMS: a plain file name in the bundle and its SHA-256.</summary>
internal sealed record BundleEntry(string Hash, string Name)
{
    /// <summary>The entries of a SHA256SUMS text (sha256sum's format); throws <see cref="BundleException"/> naming the bad line.</summary>
    public static IReadOnlyList<BundleEntry> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<BundleEntry>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            // "HASH  NAME" (text mode) or "HASH *NAME" (binary mode).
            var hash = line.Length > 66 ? line[..64] : "";
            var name = line.Length > 66 ? line[66..] : "";
            var separator = line.Length > 66 ? line[64..66] : "";
            if (!hash.All(char.IsAsciiHexDigitLower) || hash.Length != 64 || separator is not ("  " or " *")
                || name.Length is 0 or > 64 || name is "." or ".." || name.Any(c => c is '/' or '\\' || char.IsControl(c)))
            {
                throw new BundleException($"SHA256SUMS line {i + 1} is not \"SHA256  FILE\" for a file of the bundle");
            }

            if (entries.Any(e => e.Name == name))
            {
                throw new BundleException($"SHA256SUMS lists {name} twice");
            }

            entries.Add(new BundleEntry(hash, name));
        }

        return entries.Count > 0 ? entries : throw new BundleException("SHA256SUMS lists no file");
    }
}
