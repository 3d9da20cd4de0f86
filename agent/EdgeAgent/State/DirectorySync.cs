using System.Runtime.InteropServices;

namespace EdgeAgent.State;

/// <summary>fsync of a directory makes the renames and creations in it durable. .NET cannot open a directory handle, so libc does.</summary>
internal static partial class DirectorySync
{
    public static void Sync(string directory)
    {
        // O_RDONLY only: O_DIRECTORY's value differs between x86-64 and arm64.
        const int ReadOnly = 0;
        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"{directory}: open failed with errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"{directory}: fsync failed with errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
