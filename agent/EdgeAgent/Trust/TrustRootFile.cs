using EdgeAgent.Core.Abstractions;
using EdgeAgent.Shared;

namespace EdgeAgent.Trust;

/// <summary>The trustRoot file on disk, read as a regular file of bounded size.</summary>
internal sealed class TrustRootFile(string path) : IRootFile
{
    public string Path { get; } = path;

    public (long Length, DateTime WrittenUtc)? Stamp()
    {
        var info = new FileInfo(Path);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc) : null;
    }

    public byte[]? Read(int maxBytes)
    {
        try
        {
            return RegularFile.ReadAllBytes(Path, maxBytes);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
