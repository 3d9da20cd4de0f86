using System.Buffers.Binary;

namespace EdgeAgent.Docker.Engine;

/// <summary>
/// A container's log as the engine sends it for a container without a TTY: frames of an 8-byte
/// header (stream, 3 zero bytes, big-endian length) and that many bytes of stdout or stderr.
/// <see cref="ReadAsync"/> gives the bytes of the frames in order, stdout and stderr together, never
/// more than one frame's at a time; <see cref="FrameStarted"/> says whether they begin a frame.
/// </summary>
internal sealed class LogFrames(HttpResponseMessage response, Stream stream) : IAsyncDisposable
{
    private readonly byte[] header = new byte[8];
    private int remaining;

    /// <summary>The bytes of the last read begin a frame (Docker writes one message per frame, a long line as several).</summary>
    public bool FrameStarted { get; private set; }

    /// <summary>Reads into <paramref name="buffer"/>; 0 at the end of the log.</summary>
    public async Task<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        FrameStarted = false;
        while (remaining == 0)
        {
            FrameStarted = true;
            if (!await FillAsync(header, cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }

            remaining = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)), int.MaxValue);
        }

        var read = await stream.ReadAsync(buffer[..Math.Min(buffer.Length, remaining)], cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return 0;
        }

        remaining -= read;
        return read;
    }

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync().ConfigureAwait(false);
        response.Dispose();
    }

    /// <summary>Reads a whole header; false when the log ended before one.</summary>
    private async Task<bool> FillAsync(byte[] target, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < target.Length)
        {
            var read = await stream.ReadAsync(target.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            filled += read;
        }

        return true;
    }
}
