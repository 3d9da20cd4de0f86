using EdgeAgent.Core.Ports;

namespace EdgeAgent.State;

/// <summary>
/// realpath(3) semantics, written by hand because .NET has no API that resolves symlinks in the
/// middle of a path (Path.GetFullPath only removes ".." lexically, which a symlink defeats).
/// </summary>
internal sealed class HostPathResolver(string root = "/") : IPathResolver
{
    private const int MaxSymlinks = 40;

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
            FileSystemInfo info = new FileInfo(candidate);
            if (info.LinkTarget is not { } target)
            {
                continue;
            }

            if (++links > MaxSymlinks)
            {
                throw new IOException($"{path}: too many levels of symbolic links");
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
