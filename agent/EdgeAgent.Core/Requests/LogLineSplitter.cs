using System.Text;

namespace EdgeAgent.Core.Requests;

/// <summary>
/// Splits a container's log, as bytes arrive, into lines of at most <see cref="MaxLineBytes"/>,
/// whatever the app wrote: memory stays at one line's cap however long a line runs (an app that
/// prints 12 MB without a newline costs 8 KiB here, not 12 MB). Written by hand because the readers
/// a library offers (StreamReader, PipeReader line scans) hold a whole line before it can be cut.
/// <list type="bullet">
/// <item>A longer line keeps its first <see cref="MaxLineBytes"/> and ends with <see cref="CutMarker"/>
/// saying how many bytes were not shown.</item>
/// <item>A carriage return not followed by a newline (a progress bar redrawing itself) starts the line
/// again, as a terminal shows it: only the last state is kept, the earlier ones are counted as not shown.</item>
/// <item>Docker's timestamp stays at the head of the line. Docker splits a long line into 16 KiB
/// messages, each a frame with its own timestamp: a frame that continues a line (<see cref="StartFrame"/>)
/// has its timestamp dropped, so the line reads as the app wrote it.</item>
/// </list>
/// </summary>
public sealed class LogLineSplitter(bool timestamped)
{
    /// <summary>What one line of an answer may hold of the app's bytes.</summary>
    public const int MaxLineBytes = 8 * 1024;

    /// <summary>Docker's RFC 3339 timestamp with nanoseconds and a space is 31 bytes; more is not a timestamp.</summary>
    private const int MaxTimestampBytes = 40;

    private readonly byte[] line = new byte[MaxLineBytes];
    private int kept;
    private int prefix;         // bytes of the line's timestamp and its space, kept when a carriage return restarts it
    private long notShown;      // bytes of this line past the cap, or overwritten by a carriage return
    private bool inTimestamp;   // reading the line's own timestamp
    private int skipping = -1;  // >= 0: skipping a continuation frame's timestamp, this many bytes so far
    private bool carriageReturn; // a '\r' was seen and is not yet known to end the line ("\r\n")
    private bool started;       // the line has any byte (so "no newline at the end" still has a line)

    /// <summary>The text that ends a cut line: " …[cut: N bytes not shown]".</summary>
    public static string CutMarker(long bytesNotShown) => $" …[cut: {bytesNotShown} bytes not shown]";

    /// <summary>Lines cut so far (past the cap, or a carriage return's earlier states).</summary>
    public long CutLines { get; private set; }

    /// <summary>The next bytes begin a Docker log frame; in the middle of a line, its timestamp is skipped.</summary>
    public void StartFrame()
    {
        if (timestamped && started)
        {
            skipping = 0;
        }
    }

    /// <summary>Adds bytes of the log; each line they complete is added to <paramref name="lines"/>.</summary>
    public void Write(ReadOnlySpan<byte> bytes, ICollection<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var b in bytes)
        {
            if (skipping >= 0)
            {
                skipping = b == (byte)' ' || skipping >= MaxTimestampBytes ? -1 : skipping + 1;
                continue;
            }

            if (b == (byte)'\n')
            {
                lines.Add(TakeLine());
                continue;
            }

            if (carriageReturn)
            {
                carriageReturn = false;
                notShown += kept - prefix;
                kept = prefix;
            }

            if (!started)
            {
                started = true;
                inTimestamp = timestamped;
            }

            if (b == (byte)'\r')
            {
                carriageReturn = true;
                inTimestamp = false;
                continue;
            }

            Keep(b);
        }
    }

    /// <summary>The last line, when the log ended without a newline; null when it ended with one.</summary>
    public string? Finish() => started ? TakeLine() : null;

    private void Keep(byte b)
    {
        if (kept < line.Length)
        {
            line[kept++] = b;
        }
        else
        {
            notShown++;
        }

        if (inTimestamp && (b == (byte)' ' || kept >= MaxTimestampBytes))
        {
            inTimestamp = false;
            prefix = b == (byte)' ' ? kept : 0;
        }
    }

    /// <summary>
    /// A whole line (the agent's own log, a file) longer than <see cref="MaxLineBytes"/> cut as a
    /// streamed one is: its first bytes up to the cap, whole characters only, and the marker.
    /// </summary>
    public static string Cut(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (Encoding.UTF8.GetByteCount(line) <= MaxLineBytes)
        {
            return line;
        }

        var bytes = Encoding.UTF8.GetBytes(line);
        return Cut(bytes.AsSpan(0, MaxLineBytes), bytes.Length - MaxLineBytes);
    }

    /// <summary>The kept bytes that end on a whole character, then the marker counting the rest.</summary>
    private static string Cut(ReadOnlySpan<byte> kept, long notShown)
    {
        var whole = WholeCharacters(kept);
        return Encoding.UTF8.GetString(kept[..whole]) + CutMarker(notShown + kept.Length - whole);
    }

    private string TakeLine()
    {
        // Only a cut can fall inside a character; an app's own broken UTF-8 is decoded as it is.
        var text = notShown > 0 ? Cut(line.AsSpan(0, kept), notShown) : Encoding.UTF8.GetString(line, 0, kept);
        if (notShown > 0)
        {
            CutLines++;
        }

        kept = prefix = 0;
        notShown = 0;
        skipping = -1;
        inTimestamp = carriageReturn = started = false;
        return text;
    }

    /// <summary>How many of the bytes end on a whole UTF-8 character (a cut can fall inside one).</summary>
    private static int WholeCharacters(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // a continuation byte: look further back for its lead
            }

            var length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return length > back ? bytes.Length - back : bytes.Length;
        }

        return bytes.Length;
    }
}
