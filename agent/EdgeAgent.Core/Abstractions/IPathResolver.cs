namespace EdgeAgent.Core.Abstractions;

/// <summary>Resolves a host path the way the kernel will when Docker binds it.</summary>
public interface IPathResolver
{
    /// <summary>
    /// The canonical absolute path: '.' and '..' removed and every symlink of the existing part of
    /// the path followed. A missing tail is appended as written, normalised. Throws
    /// <see cref="UnresolvablePathException"/> for a symlink loop or a path that cannot be read.
    /// </summary>
    string Resolve(string path);
}
