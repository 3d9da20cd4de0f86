using EdgeAgent.Core.Abstractions;

namespace EdgeAgent.Testing;

/// <summary>A trustRoot file in memory; every replacement gets a new stamp, as a new write on disk would.</summary>
public sealed class MemoryRootFile : IRootFile
{
    private byte[]? bytes;
    private int writes;

    public string Path => "/etc/edge-agent/root.json";

    public byte[]? Bytes
    {
        get => bytes;
        set
        {
            bytes = value;
            writes++;
        }
    }

    public int Reads { get; private set; }

    public (long Length, DateTime WrittenUtc)? Stamp() => bytes is null ? null : (bytes.Length, DateTime.UnixEpoch.AddSeconds(writes));

    public byte[]? Read(int maxBytes)
    {
        Reads++;
        return bytes is { Length: var n } && n > maxBytes ? throw new IOException($"larger than {maxBytes} bytes") : bytes;
    }
}
