namespace EdgeAgent.Core.SelfUpdate;

/// <summary>
/// An agent release version, MAJOR.MINOR.PATCH[-PRERELEASE], ordered by SemVer 2.0 precedence.
/// Written by hand: the subset the manifest validator admits needs twenty lines, and a package for
/// it would add to the binary that every device carries.
/// </summary>
public sealed record ReleaseVersion(int Major, int Minor, int Patch, string? Prerelease) : IComparable<ReleaseVersion>
{
    public static bool TryParse(string? text, out ReleaseVersion version)
    {
        version = new ReleaseVersion(0, 0, 0, null);
        if (string.IsNullOrEmpty(text) || text.Length > 128)
        {
            return false;
        }

        var core = text.Split('+')[0]; // build metadata carries no precedence
        var dash = core.IndexOf('-', StringComparison.Ordinal);
        var numbers = (dash < 0 ? core : core[..dash]).Split('.');
        var prerelease = dash < 0 ? null : core[(dash + 1)..];
        if (numbers.Length != 3 || prerelease is "" || prerelease?.Split('.').Any(p => p.Length == 0) == true
            || !int.TryParse(numbers[0], System.Globalization.NumberStyles.None, null, out var major)
            || !int.TryParse(numbers[1], System.Globalization.NumberStyles.None, null, out var minor)
            || !int.TryParse(numbers[2], System.Globalization.NumberStyles.None, null, out var patch))
        {
            return false;
        }

        version = new ReleaseVersion(major, minor, patch, prerelease);
        return true;
    }

    public int CompareTo(ReleaseVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byNumbers = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (byNumbers != 0)
        {
            return byNumbers;
        }

        return (Prerelease, other.Prerelease) switch
        {
            (null, null) => 0,
            (null, _) => 1, // 1.0.0 is newer than 1.0.0-rc.1
            (_, null) => -1,
            _ => ComparePrerelease(Prerelease!.Split('.'), other.Prerelease!.Split('.')),
        };
    }

    private static int ComparePrerelease(string[] mine, string[] theirs)
    {
        for (var i = 0; i < Math.Min(mine.Length, theirs.Length); i++)
        {
            var myNumber = long.TryParse(mine[i], System.Globalization.NumberStyles.None, null, out var a);
            var theirNumber = long.TryParse(theirs[i], System.Globalization.NumberStyles.None, null, out var b);
            var order = (myNumber, theirNumber) switch
            {
                (true, true) => a.CompareTo(b),
                (true, false) => -1, // numeric identifiers sort before alphanumeric ones
                (false, true) => 1,
                _ => string.CompareOrdinal(mine[i], theirs[i]),
            };
            if (order != 0)
            {
                return Math.Sign(order);
            }
        }

        return mine.Length.CompareTo(theirs.Length);
    }

    public static bool operator <(ReleaseVersion left, ReleaseVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(ReleaseVersion left, ReleaseVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(ReleaseVersion left, ReleaseVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ReleaseVersion left, ReleaseVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => Prerelease is null ? $"{Major}.{Minor}.{Patch}" : $"{Major}.{Minor}.{Patch}-{Prerelease}";
}
