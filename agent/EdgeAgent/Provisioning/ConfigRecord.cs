using EdgeAgent.State;

namespace EdgeAgent.Provisioning;

/// <summary>A small record the agent keeps in the configuration directory (which bundle was taken), replaced atomically and durably.</summary>
internal static class ConfigRecord
{
    public static void Write(string path, byte[] content)
    {
        const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = Mode }))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        DirectorySync.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }
}
