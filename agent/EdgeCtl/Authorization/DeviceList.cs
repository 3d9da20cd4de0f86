using EdgeAgent.Core.Manifests;

namespace EdgeCtl.Authorization;

/// <summary>
/// The fleet's device list for `edgectl broker authorization`: one device per line, its id then its
/// groups, separated by spaces or tabs; blank lines and lines starting with '#' are skipped.
/// </summary>
internal static class DeviceList
{
    /// <summary>Room for a million devices with a few groups each.</summary>
    public const int MaxBytes = 64 << 20;

    /// <summary>The list in <paramref name="file"/>: its members in file order (see <see cref="Parse"/>).</summary>
    public static IReadOnlyList<FleetMember> Read(string file)
    {
        var bytes = InputFiles.Read(file, MaxBytes);
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            // Read as UTF-8 it would only be refused at its first line for characters nobody can see.
            throw CliException.Usage($"{file}: the list is UTF-16 (it starts with a UTF-16 byte-order mark): save it as UTF-8");
        }

        return Parse(System.Text.Encoding.UTF8.GetString(bytes), file);
    }

    /// <summary>The members in file order; throws a usage error naming the line on anything else.</summary>
    public static IReadOnlyList<FleetMember> Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..]; // the BOM some editors write is no part of the first device id (one only: a second is garbage in it)
        }

        var members = new List<FleetMember>();
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || fields[0].StartsWith('#'))
            {
                continue;
            }

            if (DeviceName.DeviceIdProblem(fields[0]) is { } problem)
            {
                throw CliException.Usage($"{file}:{number}: {TextRules.Quote(fields[0])} {problem}");
            }

            foreach (var group in fields.Skip(1).Where(f => !DeviceName.IsValid(f)))
            {
                throw CliException.Usage($"{file}:{number}: {TextRules.Quote(group)} {DeviceName.Rule}");
            }

            if (!lines.TryAdd(fields[0], number))
            {
                throw CliException.Usage($"{file}:{number}: device \"{fields[0]}\" is listed already on line {lines[fields[0]]}");
            }

            members.Add(new FleetMember(fields[0], [.. fields.Skip(1).Distinct(StringComparer.Ordinal)]));
        }

        return members;
    }
}
