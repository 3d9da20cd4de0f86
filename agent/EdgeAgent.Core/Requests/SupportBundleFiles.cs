namespace EdgeAgent.Core.Requests;

/// <summary>
/// The files of a support bundle (README "Support bundle") as they travel: a chunk whose source is
/// "file PATH" carries lines of that file. Device and edgectl agree on the names here; edgectl accepts
/// only a safe relative path, so a device cannot make it write outside the bundle.
/// </summary>
public static class SupportBundleFiles
{
    public const string SourcePrefix = "file ";

    /// <summary>Agent version, device id, groups, clocks, OS and Docker engine: where the device stands.</summary>
    public const string Device = "device.json";

    public const string Status = "status.json";

    /// <summary>The agent's recent events, one JSON object per line, oldest first.</summary>
    public const string Events = "events.jsonl";

    public const string AgentLog = "agent.log";

    /// <summary>What could not be gathered (the Docker engine down, a container gone), one line each.</summary>
    public const string Problems = "problems.txt";

    private const int MaxPathLength = 200;

    public static string Inspect(string app) => $"apps/{app}/inspect.json";

    public static string ContainerLog(string app) => $"apps/{app}/container.log";

    public static string Source(string path) => SourcePrefix + path;

    /// <summary>The path a chunk's source names, when it is a file of the bundle with a safe relative path.</summary>
    public static string? PathOf(string? source)
    {
        if (source is null || !source.StartsWith(SourcePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var path = source[SourcePrefix.Length..];
        return IsSafePath(path) ? path : null;
    }

    /// <summary>Lowercase letters, digits, '.', '_', '-' in '/'-separated segments; no empty, "." or ".." segment.</summary>
    public static bool IsSafePath(string path) =>
        path.Length is > 0 and <= MaxPathLength
        && path.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-' or '/')
        && path.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != "..");
}
