using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Requests;
using EdgeCtl.Fleet;

namespace EdgeCtl.Requests;

/// <summary>
/// Collects a device's support-bundle answer file by file and writes it as FILE.tar.gz: one folder
/// named after the device and the time, bundle.json first, then the device's files in the order they
/// came. Only safe relative names are kept (a device cannot write outside the folder), at most
/// <see cref="MaxBytes"/> in all; the archive appears whole or not at all, readable by its owner only.
/// </summary>
internal sealed class SupportBundleArchive
{
    /// <summary>Twice what a device may send: anything beyond is not an answer from a well-behaved agent.</summary>
    public const long MaxBytes = 2L * ResponseChunk.MaxTotalBytes;

    private readonly Dictionary<string, StringBuilder> files = new(StringComparer.Ordinal);
    private readonly List<string> order = [];
    private readonly Dictionary<string, int> lineCounts = new(StringComparer.Ordinal);
    private long bytes;

    public int IgnoredChunks { get; private set; }

    public IReadOnlyList<string> Paths => order;

    /// <summary>Adds a chunk's lines to the file its source names; a chunk without a safe file name is counted and dropped.</summary>
    public void Add(ResponseChunk chunk)
    {
        if (chunk.Lines.Count == 0)
        {
            return;
        }

        if (SupportBundleFiles.PathOf(chunk.Source) is not { } path || path == "bundle.json" || ClashesWithFolder(path))
        {
            IgnoredChunks++;
            return;
        }

        if (!files.TryGetValue(path, out var text))
        {
            files[path] = text = new StringBuilder();
            order.Add(path);
        }

        foreach (var line in chunk.Lines)
        {
            bytes += Encoding.UTF8.GetByteCount(line) + 1;
            if (bytes > MaxBytes)
            {
                throw CliException.Failed($"the answer exceeds {MaxBytes / (1024 * 1024)} MiB, more than an agent sends: not written");
            }

            text.Append(line).Append('\n');
        }

        lineCounts[path] = lineCounts.GetValueOrDefault(path) + chunk.Lines.Count;
    }

    /// <summary>A file where another file's folder is, or the other way round: the archive could not be unpacked.</summary>
    private bool ClashesWithFolder(string path) =>
        !files.ContainsKey(path) && order.Exists(p => p.StartsWith(path + "/", StringComparison.Ordinal) || path.StartsWith(p + "/", StringComparison.Ordinal));

    /// <summary>Writes the archive to a temporary file beside <paramref name="outPath"/>, then renames it into place.</summary>
    public void Write(string outPath, BundleSummary summary)
    {
        var folder = $"{summary.Device}-{summary.ReceivedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}";
        var complete = summary with { Files = [.. order.Select(p => new BundleFile(p, lineCounts.GetValueOrDefault(p), Encoding.UTF8.GetByteCount(files[p].ToString())))], IgnoredChunks = IgnoredChunks };
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outPath))!, $".{Path.GetFileName(outPath)}.{Environment.ProcessId}.partial");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
            using (var file = new FileStream(temporary, options))
            using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
            using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
            {
                var written = new HashSet<string>(StringComparer.Ordinal);
                AddDirectory(tar, folder, written, summary.ReceivedAt);
                AddFile(tar, $"{folder}/bundle.json", JsonSerializer.SerializeToUtf8Bytes(complete, EdgeCtlJsonContext.Default.BundleSummary), summary.ReceivedAt);
                foreach (var path in order)
                {
                    var parent = Path.GetDirectoryName(path);
                    if (!string.IsNullOrEmpty(parent))
                    {
                        AddDirectory(tar, $"{folder}/{parent}", written, summary.ReceivedAt);
                    }

                    AddFile(tar, $"{folder}/{path}", Encoding.UTF8.GetBytes(files[path].ToString()), summary.ReceivedAt);
                }
            }

            File.Move(temporary, outPath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw CliException.Failed($"{outPath}: cannot write: {ex.Message}");
        }
    }

    private static void AddDirectory(TarWriter tar, string path, HashSet<string> written, DateTimeOffset at)
    {
        var parent = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(parent))
        {
            AddDirectory(tar, parent, written, at);
        }

        if (written.Add(path))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, path + "/") { ModificationTime = at, Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute });
        }
    }

    private static void AddFile(TarWriter tar, string path, byte[] content, DateTimeOffset at) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { ModificationTime = at, Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite, DataStream = new MemoryStream(content) });
}
