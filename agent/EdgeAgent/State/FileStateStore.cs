using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using EdgeAgent.Core.Abstractions;
using EdgeAgent.Shared;

namespace EdgeAgent.State;

/// <summary>
/// State documents as files in stateDir, each replaced atomically: write a temp file, fsync it,
/// rename it over the old one, fsync the directory. A crash leaves the old or the new file, never a torn one.
/// Every document is read the same checked way: a regular file the agent wrote (not a link, FIFO or
/// directory), under a size cap; one that is not can be set aside (renamed NAME.unreadable-TIME).
/// </summary>
/// <remarks>The clock names a set-aside copy; required so that the agent's clock is the one used.</remarks>
internal sealed partial class FileStateStore(string directory, TimeProvider time) : IStateStore
{
    /// <summary>Far above any real document (the trust state holds one manifest per stream).</summary>
    private const long MaxDocumentBytes = 64L << 20;

    public string Directory { get; } = directory;

    public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        try
        {
            return await Task.Run(() => ReadChecked(path), cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        System.IO.Directory.CreateDirectory(Directory);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
            await using (var stream = new FileStream(temp, options))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            DirectorySync.Sync(Directory);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Task<string> SetAsideAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        for (var attempt = 0; ; attempt++)
        {
            var kept = attempt == 0 ? $"{name}.unreadable-{stamp}" : $"{name}.unreadable-{stamp}-{attempt}";
            var keptPath = Path.Combine(Directory, kept);
            if (Path.Exists(keptPath) || RegularFile.IsSymbolicLink(keptPath))
            {
                continue; // set aside twice in a second: never over an earlier one
            }

            // rename(2) moves whatever is there (file, FIFO, directory, link) without opening it.
            if (Rename(path, keptPath) != 0)
            {
                throw new IOException($"{path}: cannot rename to {kept} (errno {Marshal.GetLastPInvokeError()})");
            }

            DirectorySync.Sync(Directory);
            return Task.FromResult(kept);
        }
    }

    /// <summary>The document's bytes; a link is refused (the agent only ever writes regular files by rename).</summary>
    private static byte[] ReadChecked(string path) => RegularFile.IsSymbolicLink(path)
        ? throw new IOException($"{path}: not a regular file (a symbolic link)")
        : RegularFile.ReadAllBytes(path, MaxDocumentBytes);

    private string PathOf(string name) =>
        SafeName().IsMatch(name) ? Path.Combine(Directory, name) : throw new ArgumentException($"invalid state document name \"{name}\"", nameof(name));

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Rename(string from, string to);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,100}\z")]
    private static partial Regex SafeName();
}
