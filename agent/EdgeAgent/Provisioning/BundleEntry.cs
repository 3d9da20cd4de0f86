using System.Globalization;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Provisioning;

namespace EdgeAgent.Provisioning;

/// <summary>One line of a bundle's SHA256SUMS: a plain file name in the bundle and its SHA-256.</summary>
internal sealed class BundleEntry(string hash, string name)
{
    /// <inheritdoc cref="BundleRules.MaxEntries"/>
    public const int MaxEntries = BundleRules.MaxEntries;

    /// <summary>The last line's start: "# end of bundle: N files". sha256sum skips it as a comment.</summary>
    public const string EndMarker = "# end of bundle: ";

    public string Hash { get; } = hash;
    public string Name { get; } = name;

    /// <summary>The end marker line for <paramref name="count"/> files.</summary>
    public static string EndLine(int count) => $"{EndMarker}{count.ToString(CultureInfo.InvariantCulture)} files";

    /// <summary>
    /// The entries of a SHA256SUMS text (sha256sum's format, closed by the end marker line: a list cut
    /// short at a line boundary is refused, not taken as a smaller bundle); throws <see cref="BundleException"/> naming the bad line.
    /// </summary>
    public static IReadOnlyList<BundleEntry> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<BundleEntry>();
        var lines = text.Split('\n');
        int? declared = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (declared is not null)
            {
                throw new BundleException($"SHA256SUMS line {i + 1} comes after the end line \"{EndLine(declared.Value)}\"");
            }

            if (line.StartsWith(EndMarker, StringComparison.Ordinal))
            {
                declared = line == EndLine(entries.Count) ? entries.Count
                    : throw new BundleException($"SHA256SUMS line {i + 1} \"{line}\" does not match the {entries.Count} file(s) listed before it (the list is cut short or altered): copy the bundle again");
                continue;
            }

            // "HASH  NAME" (text mode) or "HASH *NAME" (binary mode).
            var hash = line.Length > 66 ? line[..64] : "";
            var name = line.Length > 66 ? line[66..] : "";
            var separator = line.Length > 66 ? line[64..66] : "";
            if (name is BundleRules.Checksums or BundleRules.Signature)
            {
                throw new BundleException($"SHA256SUMS line {i + 1} lists {name}, which cannot be part of its own list");
            }

            var problem = !hash.All(char.IsAsciiHexDigitLower) || hash.Length != 64 || separator is not ("  " or " *") ? "not in sha256sum's format"
                : BundleRules.NameProblem(name) is { } named ? $"the name {TextRules.Quote(name)} {named}" : null;
            if (problem is not null)
            {
                throw new BundleException($"SHA256SUMS line {i + 1} is not \"SHA256  FILE\" for a file of the bundle ({problem}; {BundleRules.NameRule})");
            }

            if (entries.Any(e => e.Name == name))
            {
                throw new BundleException($"SHA256SUMS lists {name} twice");
            }

            if (BundleRules.CountProblem(entries.Count + 1) is { } tooMany)
            {
                throw new BundleException($"SHA256SUMS {tooMany}");
            }

            entries.Add(new BundleEntry(hash, name));
        }

        if (entries.Count == 0)
        {
            throw new BundleException($"SHA256SUMS {BundleRules.CountProblem(0)}");
        }

        return declared is not null ? entries
            : throw new BundleException($"SHA256SUMS has no end line \"{EndLine(entries.Count)}\": it is cut short (half-copied), or written by an edgectl older than this agent: copy the bundle again, or provision again");
    }
}
