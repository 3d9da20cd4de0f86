using EdgeAgent.Core.Provisioning;
using EdgeAgent.Shared;

namespace EdgeCtl.Commands;

/// <summary>
/// The files a bundle in --out will hold once `provision` has written it: those it writes, and every
/// other file already there (SHA256SUMS lists every file of the directory). Checked against the rules
/// the device applies when it takes the bundle (<see cref="BundleRules"/>, and plain files only) before
/// anything is written: a bundle the device would refuse at first boot, where nobody sees the error,
/// is refused here instead, and --out is left as it was.
/// </summary>
internal static class BundleContents
{
    /// <summary>Throws a usage error naming every file and the rule it breaks; <paramref name="written"/> are the files provision writes, with their sizes.</summary>
    public static void Check(string outDir, IReadOnlyList<BundleFile> written)
    {
        var problems = new List<string>();
        var files = new List<BundleFile>(written);
        var existing = Directory.Exists(outDir) ? Directory.GetFiles(outDir).Select(f => Path.GetFileName(f)!) : [];
        foreach (var name in existing.Concat(written.Select(w => w.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (name is BundleRules.Checksums or BundleRules.Signature)
            {
                continue; // rewritten, or removed, last
            }

            var path = Path.Combine(outDir, name);
            if (BundleRules.NameProblem(name) is not null)
            {
                files.Add(new BundleFile(name, 0)); // refused by its name (one not UTF-8 cannot even be opened)
                continue;
            }

            if (RegularFile.IsSymbolicLink(path))
            {
                // provision would write through it, and the device refuses a link on its card.
                problems.Add($"{name} is a symbolic link: the device takes plain files only; remove it from --out");
                continue;
            }

            if (RegularFile.NotRegular(path) is { } kind)
            {
                problems.Add($"{name} is {kind}, not a file: the device takes plain files only; remove it from --out");
                continue;
            }

            if (!written.Any(w => w.Name == name))
            {
                files.Add(new BundleFile(name, new FileInfo(path).Length));
            }
        }

        problems.AddRange(BundleRules.Problems(files));
        if (problems.Count > 0)
        {
            throw CliException.Usage($"--out {outDir}: the device would refuse this bundle (every file in --out is part of it), so nothing was written: {string.Join("; ", problems)}");
        }
    }
}
