using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EdgeAgent.Shared;

/// <summary>
/// Reads an input file (configuration, keys, roots, manifests) only if it is a regular file and no
/// larger than a cap, checked before reading: a FIFO would block the agent for ever and /dev/zero
/// would be read until memory runs out. Written by hand because .NET exposes no file type: the file
/// is opened non-blocking and its type taken from the open descriptor with statx(2), whose layout is
/// the same on every Linux architecture (x86-64, arm64).
/// </summary>
internal static partial class RegularFile
{
    private const int ReadOnlyNonBlocking = 0x800 | 0x100 | 0x80000; // O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC (same on x86-64 and arm64)
    private const int EmptyPath = 0x1000; // AT_EMPTY_PATH
    private const uint TypeAndSize = 0x1 | 0x200; // STATX_TYPE | STATX_SIZE
    private const int StatxSize = 256, ModeOffset = 28, SizeOffset = 40;

    /// <summary>The file's bytes; throws <see cref="FileNotFoundException"/>, <see cref="UnauthorizedAccessException"/> or <see cref="IOException"/> with a message naming the file.</summary>
    public static byte[] ReadAllBytes(string path, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fd = Open(path, ReadOnlyNonBlocking);
        if (fd < 0)
        {
            throw Failure(path, Marshal.GetLastPInvokeError());
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var status = new byte[StatxSize];
        if (Statx(fd, "", EmptyPath, TypeAndSize, ref status[0]) != 0)
        {
            throw Failure(path, Marshal.GetLastPInvokeError());
        }

        var type = BitConverter.ToUInt16(status, ModeOffset) & 0xF000;
        if (type != 0x8000)
        {
            throw new IOException($"{path}: not a regular file ({Describe(type)})");
        }

        var size = BitConverter.ToInt64(status, SizeOffset);
        if (size > maxBytes)
        {
            throw new InputTooLargeException($"{path}: {size} bytes, more than the limit of {maxBytes}");
        }

        // The size may change while reading: never read more than the cap, whatever it said.
        var buffer = new byte[Math.Min(maxBytes + 1, Math.Max(size, 0) + 1)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total > maxBytes)
                {
                    throw new InputTooLargeException($"{path}: more than the limit of {maxBytes} bytes");
                }

                Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1, (long)buffer.Length * 2));
            }

            var read = RandomAccess.Read(handle, buffer.AsSpan(total), total);
            if (read == 0)
            {
                return buffer.AsSpan(0, total).ToArray();
            }

            total += read;
        }
    }

    /// <summary>What <paramref name="path"/> is when it exists and is not a regular file ("a directory", "a FIFO", …); null for a regular file or nothing there.</summary>
    public static string? NotRegular(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        const int CurrentDirectory = -100; // AT_FDCWD: a relative path is taken from the working directory
        var status = new byte[StatxSize];
        if (Statx(CurrentDirectory, path, 0, TypeAndSize, ref status[0]) != 0)
        {
            return null; // missing (or unreachable): the reader reports that in its own words
        }

        var type = BitConverter.ToUInt16(status, ModeOffset) & 0xF000;
        return type == 0x8000 ? null : Describe(type);
    }

    /// <summary>True when <paramref name="path"/> itself is a symbolic link (whatever it points to, or if it dangles).</summary>
    public static bool IsSymbolicLink(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        const int CurrentDirectory = -100, NoFollow = 0x100; // AT_FDCWD, AT_SYMLINK_NOFOLLOW (same on x86-64 and arm64, unlike O_NOFOLLOW)
        var status = new byte[StatxSize];
        return Statx(CurrentDirectory, path, NoFollow, TypeAndSize, ref status[0]) == 0 && (BitConverter.ToUInt16(status, ModeOffset) & 0xF000) == 0xA000;
    }

    /// <summary>UTF-8 text of a regular file no larger than <paramref name="maxBytes"/>.</summary>
    public static string ReadAllText(string path, long maxBytes) => System.Text.Encoding.UTF8.GetString(ReadAllBytes(path, maxBytes));

    private static Exception Failure(string path, int errno) => errno switch
    {
        2 => new FileNotFoundException($"{path}: no such file", path),
        20 => new DirectoryNotFoundException($"{path}: a part of the path is not a directory"),
        1 or 13 => new UnauthorizedAccessException($"{path}: permission denied"),
        40 => new IOException($"{path}: too many levels of symbolic links"),
        _ => new IOException($"{path}: cannot open (errno {errno})"),
    };

    private static string Describe(int type) => type switch
    {
        0x4000 => "a directory",
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x6000 => "a block device",
        0xC000 => "a socket",
        0xA000 => "a symbolic link",
        _ => "not a file",
    };

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, ref byte buffer);
}
