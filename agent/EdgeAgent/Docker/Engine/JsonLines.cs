using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EdgeAgent.Docker.Engine;

/// <summary>
/// The engine's streams of JSON messages (events, pull progress), one per line. Read by hand from
/// the bytes rather than with StreamReader.ReadLineAsync, which holds a whole line, however long,
/// before its length can be checked: here a line is refused once it passes the limit, so a broken
/// stream costs at most that much memory.
/// </summary>
internal static class JsonLines
{
    /// <summary>A line longer than this is not a message the agent reads: the stream is broken.</summary>
    internal const int MaxLineLength = 1024 * 1024;

    private const int InitialBuffer = 16 * 1024;

    public static async IAsyncEnumerable<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var message in ReadAsync(stream, type, cancellationToken).ConfigureAwait(false))
        {
            yield return message;
        }
    }

    public static async IAsyncEnumerable<T> ReadAsync<T>(Stream stream, JsonTypeInfo<T> type, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[InitialBuffer];
        var start = 0; // the unread line begins here
        var end = 0;   // and the bytes read so far end here
        var scanned = 0; // bytes from start already known to hold no newline
        while (true)
        {
            var newline = buffer.AsSpan(start + scanned, end - start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = scanned + newline;
                var message = Parse(buffer.AsSpan(start, length), type);
                start += length + 1;
                scanned = 0;
                if (message is not null)
                {
                    yield return message;
                }

                continue;
            }

            scanned = end - start;
            if (scanned > MaxLineLength)
            {
                throw new InvalidDataException($"the engine sent a line of more than {MaxLineLength} bytes in a message stream");
            }

            if (start > 0)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxLineLength + 2));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                var last = Parse(buffer.AsSpan(0, end), type); // a last line without its newline
                if (last is not null)
                {
                    yield return last;
                }

                yield break;
            }

            end += read;
        }
    }

    /// <summary>One line without its newline (and a carriage return before it); null for a blank line or a JSON null.</summary>
    private static T? Parse<T>(ReadOnlySpan<byte> line, JsonTypeInfo<T> type)
    {
        line = line.TrimEnd((byte)'\r');
        return line.IsEmpty ? default : JsonSerializer.Deserialize(line, type);
    }
}
