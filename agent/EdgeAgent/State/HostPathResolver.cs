using EdgeAgent.Core.Abstractions;

namespace EdgeAgent.State;

/// <summary>
/// realpath(3) semantics, written by hand because .NET has no API that resolves symlinks in the
/// middle of a path (Path.GetFullPath only removes ".." lexically, which a symlink defeats).
/// </summary>
internal sealed class HostPathResolver(string root = "/") : IPathResolver
{
    private const int MaxSymlinks = 40;
    private const int MaxPathLength = 4096;

    public string Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var resolved = new List<string>();
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            resolved.Add(part);
            var candidate = root.TrimEnd('/') + "/" + string.Join('/', resolved);
            string? target;
            try
            {
                target = new FileInfo(candidate).LinkTarget;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UnresolvablePathException($"{candidate}: {ex.Message}", ex);
            }

            if (target is null)
            {
                continue;
            }

            if (++links > MaxSymlinks)
            {
                throw new UnresolvablePathException("too many levels of symbolic links (a loop?)");
            }

            if (target.Length == 0 || target.Length + candidate.Length > MaxPathLength)
            {
                throw new UnresolvablePathException($"{candidate}: link target too long");
            }

            resolved.RemoveAt(resolved.Count - 1);
            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }

            foreach (var segment in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(segment);
            }
        }

        return "/" + string.Join('/', resolved);
    }
}
