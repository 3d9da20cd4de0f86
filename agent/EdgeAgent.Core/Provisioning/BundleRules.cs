using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Provisioning;

/// <summary>
/// What a provisioning bundle may hold, judged from its files' names and sizes alone: the one rule the
/// device applies when it takes a bundle from its card and `edgectl device provision` applies before it
/// writes one, so that edgectl never writes a bundle the device would refuse at first boot, where nobody
/// sees the error. Whether a file is a plain file, and what is in it, is for the readers to check.
/// </summary>
public static class BundleRules
{
    /// <summary>The checksum list; not a file of the bundle itself.</summary>
    public const string Checksums = "SHA256SUMS";

    /// <summary>The checksum list signed by root keys (re-provisioning); not a file of the bundle itself.</summary>
    public const string Signature = "SHA256SUMS.dsse.json";

    /// <summary>The images, checked but left on the card until Docker loads them.</summary>
    public const string Images = "images.tar";

    /// <summary>More files than any bundle `edgectl device provision` writes, by far; bounds the work a card can cause.</summary>
    public const int MaxEntries = 32;

    public const int MaxNameLength = 64;

    /// <summary>Every file but the images is copied into the configuration directory: keys, certificates, JSON.</summary>
    public const long MaxFileBytes = 1 << 20;

    public const long MaxImagesBytes = 8L << 30;

    /// <summary>
    /// The checksum list read whole into memory. A list of <see cref="MaxEntries"/> names of
    /// <see cref="MaxNameLength"/> characters stays well below it, so a bundle within the other rules
    /// never breaks this one.
    /// </summary>
    public const long MaxChecksumsBytes = 16 * 1024;

    /// <summary>The name rule, as messages state it.</summary>
    public const string NameRule = "a file of a bundle has a plain name of 1-64 characters, not starting with '.', without '/', '\\' or control characters";

    /// <summary>Why <paramref name="name"/> cannot be a file of a bundle, or null when it can.</summary>
    public static string? NameProblem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            "" => "is empty",
            Checksums or Signature => "is the bundle's checksum list or its signature, which cannot be part of its own list",
            { Length: > MaxNameLength } => $"is longer than {MaxNameLength} characters",
            _ when name.StartsWith('.') => "starts with '.' (a hidden file)",
            _ when name.Any(c => c is '/' or '\\') => "contains '/' or '\\' (a path, not a name)",
            _ when name.Any(char.IsControl) => "contains a control character",

            // What a file system name that is not UTF-8 decodes to: it cannot be written into the list and found again.
            _ when name.Contains('\uFFFD', StringComparison.Ordinal) => "is not valid UTF-8 text",
            _ => null,
        };
    }

    /// <summary>The largest a file of that name may be.</summary>
    public static long MaxBytes(string name) => name == Images ? MaxImagesBytes : MaxFileBytes;

    /// <summary>Why a file of <paramref name="bytes"/> bytes named <paramref name="name"/> is too large, or null.</summary>
    public static string? SizeProblem(string name, long bytes) =>
        bytes > MaxBytes(name) ? $"is too large ({bytes} bytes, at most {MaxBytes(name)})" : null;

    /// <summary>Why a bundle of <paramref name="count"/> files cannot be taken, or null.</summary>
    public static string? CountProblem(int count) => count switch
    {
        0 => "lists no file",
        > MaxEntries => $"lists more than {MaxEntries} files; a bundle has a handful (edgectl device provision)",
        _ => null,
    };

    /// <summary>
    /// Every problem of a whole bundle's files (names and sizes as they will be on the card; the
    /// checksum list and its signature not among them), each naming the file and the rule; empty when
    /// the device would take them.
    /// </summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<BundleFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var problems = new List<string>();
        foreach (var file in files)
        {
            if (NameProblem(file.Name) is { } name)
            {
                problems.Add($"{TextRules.Quote(file.Name)} {name}: {NameRule}");
            }
            else if (SizeProblem(file.Name, file.Bytes) is { } size)
            {
                problems.Add($"{file.Name} {size}: a file of a bundle is at most {MaxFileBytes >> 20} MiB, {Images} at most {MaxImagesBytes >> 30} GiB");
            }
        }

        if (files.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() < files.Count)
        {
            problems.Add($"{files.GroupBy(f => f.Name, StringComparer.Ordinal).First(g => g.Count() > 1).Key} is listed twice");
        }

        if (CountProblem(files.Count) is { } count)
        {
            problems.Add($"{Checksums} {count} (it would list {files.Count})");
        }

        return problems;
    }
}
