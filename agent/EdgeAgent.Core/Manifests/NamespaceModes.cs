namespace EdgeAgent.Core.Manifests;

/// <summary>
/// Docker's namespace modes (networkMode, pidMode, ipcMode, utsMode), read the way the admission
/// policy must read them: exact lowercase keywords only, so that "HOST", " host" or a path to another
/// namespace cannot slip past a rule that compares text.
/// </summary>
public static class NamespaceModes
{
    private static readonly HashSet<string> Private = ["private", "none", "bridge", "default", "shareable"];

    /// <summary>"host", "container:NAME", a private keyword, or (networkMode) a network name.</summary>
    public static bool IsWellFormed(string mode)
    {
        ArgumentNullException.ThrowIfNull(mode);
        if (mode == "host" || Private.Contains(mode))
        {
            return true;
        }

        if (mode.StartsWith("container:", StringComparison.Ordinal))
        {
            var name = mode["container:".Length..];
            return name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
        }

        // A user-defined network name: lowercase name characters only (no ':', '/', spaces or case tricks).
        return mode.Length <= 63 && mode.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.')
            && char.IsAsciiLetterOrDigit(mode[0]);
    }

    /// <summary>True when the mode shares a namespace outside the container (host, or another container's).</summary>
    public static bool SharesOutside(string mode)
    {
        ArgumentNullException.ThrowIfNull(mode);
        var normalized = mode.Trim().ToLowerInvariant();
        return normalized == "host" || normalized.StartsWith("container:", StringComparison.Ordinal) || normalized.StartsWith("ns:", StringComparison.Ordinal)
            || !IsWellFormed(mode);
    }
}
