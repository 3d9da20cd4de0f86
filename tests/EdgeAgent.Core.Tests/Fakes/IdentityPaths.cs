using EdgeAgent.Core.Abstractions;

namespace EdgeAgent.Core.Tests.Fakes;

/// <summary>A path resolver for tests without symlinks: every path is already canonical.</summary>
internal sealed class IdentityPaths : IPathResolver
{
    public string Resolve(string path) => path;
}
