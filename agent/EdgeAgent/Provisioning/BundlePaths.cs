namespace EdgeAgent.Provisioning;

/// <summary>Where a bundle may be, and what its files may be: checked before anything is read or replaced.</summary>
internal static class BundlePaths
{
    /// <summary>Throws when the bundle directory is, contains or lies inside <paramref name="directory"/> (taking it would delete the device key or state it reads).</summary>
    public static void CheckSeparate(string bundleDir, string directory, string what)
    {
        var (bundle, other) = (Resolve(bundleDir), Resolve(directory));
        if (Within(bundle, other) || Within(other, bundle))
        {
            throw new BundleException($"the bundle directory {bundleDir} overlaps {what} {directory}: a bundle is read from the boot partition (--bundle), never from the directories it is taken into");
        }
    }

    /// <summary>Throws unless <paramref name="path"/> is a regular file reached without a symbolic link (a link on the card could point anywhere on the device).</summary>
    public static void CheckPlainFile(string path, string name)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            throw new BundleException($"{name} is a symbolic link, not a file");
        }

        if (EdgeAgent.Shared.RegularFile.NotRegular(path) is { } kind)
        {
            throw new BundleException($"{name} is {kind}, not a file");
        }
    }

    private static bool Within(string path, string directory) =>
        path == directory || path.StartsWith(directory.EndsWith('/') ? directory : directory + "/", StringComparison.Ordinal);

    /// <summary>The absolute path with every symbolic link on the way resolved (as far as the path exists).</summary>
    private static string Resolve(string path)
    {
        var resolved = "/";
        foreach (var part in Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            resolved = Path.Combine(resolved, part);
            for (var hops = 0; hops < 40 && new DirectoryInfo(resolved).LinkTarget is { } target; hops++)
            {
                resolved = Path.GetFullPath(target, Path.GetDirectoryName(resolved) ?? "/");
            }
        }

        return resolved;
    }
}
