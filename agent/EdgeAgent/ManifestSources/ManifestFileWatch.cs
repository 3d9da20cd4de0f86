namespace EdgeAgent.ManifestSources;

/// <summary>Wakes the loop when the manifest file is written, created or renamed into place (editors and `mv` alike).</summary>
internal static class ManifestFileWatch
{
    /// <summary>Null when the file's directory does not exist: the resync timer still picks up a later file.</summary>
    public static FileSystemWatcher? Start(string path, Action changed)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
        {
            return null;
        }

        var watcher = new FileSystemWatcher(directory, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += (_, _) => changed();
        watcher.Created += (_, _) => changed();
        watcher.Renamed += (_, _) => changed();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }
}
