using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Requests;

namespace EdgeAgent.Requests;

/// <summary>
/// Turns an answer into numbered chunks on the request's response topic: a chunk is sent when it
/// reaches <see cref="ResponseChunk.MaxBytes"/> or its source changes, and the whole answer stops at
/// <see cref="ResponseChunk.MaxTotalBytes"/>, saying so. Sizes are counted as the lines travel, JSON
/// escapes included (a control character is six bytes on the wire). A line longer than
/// <see cref="LogLineSplitter.MaxLineBytes"/> is cut and marked, and the last chunk says how many were.
/// </summary>
internal sealed class ResponseWriter(string requestId, Func<byte[], Task> send)
{
    private readonly List<string> lines = [];
    private string? source;
    private int seq;
    private int size;
    private long total;

    public bool Truncated { get; private set; }

    /// <summary>The options that ask for less, named when the answer is cut.</summary>
    public string NarrowingOptions { get; init; } = "--tail, --since, --app";

    public long LinesSent { get; private set; }

    /// <summary>Lines cut to <see cref="LogLineSplitter.MaxLineBytes"/> (here, or by the reader that counted them in).</summary>
    public long CutLines { get; private set; }

    /// <summary>Counts lines a reader cut before they got here.</summary>
    public void CountCut(long lines) => CutLines += lines;

    /// <summary>Adds a line, cut here when it is longer than the cap (the agent's log, a file).</summary>
    public Task AddAsync(string from, string line) =>
        Encoding.UTF8.GetByteCount(line) > LogLineSplitter.MaxLineBytes ? AddLineAsync(from, CutHere(line)) : AddLineAsync(from, line);

    /// <summary>
    /// Adds a line a <see cref="LogLineSplitter"/> already cut (an app's log), as it is: its marker counts
    /// the app's bytes and the reader counts the cut (<see cref="CountCut"/>). Not cut again: an app's
    /// invalid UTF-8 decodes to U+FFFD, three bytes each, so the line can be longer than the cap here.
    /// </summary>
    public Task AddSplitLineAsync(string from, string line) => AddLineAsync(from, line);

    private string CutHere(string line)
    {
        CutLines++;
        return LogLineSplitter.Cut(line);
    }

    private async Task AddLineAsync(string from, string line)
    {
        if (Truncated)
        {
            return;
        }

        var bytes = JsonEncodedText.Encode(line).EncodedUtf8Bytes.Length + 8;
        if (total + bytes > ResponseChunk.MaxTotalBytes)
        {
            Truncated = true;
            await FlushAsync().ConfigureAwait(false);
            return;
        }

        if (source != from || size + bytes > ResponseChunk.MaxBytes - 1024)
        {
            await FlushAsync().ConfigureAwait(false);
            source = from;
        }

        lines.Add(line);
        size += bytes;
        total += bytes;
        LinesSent++;
    }

    public async Task FlushAsync()
    {
        if (lines.Count > 0)
        {
            await SendAsync(new ResponseChunk { RequestId = requestId, Seq = seq++, Source = source, Lines = [.. lines] }).ConfigureAwait(false);
            lines.Clear();
            size = 0;
        }
    }

    /// <summary>The last chunk: what is left, then the end (with an error code and message when the answer failed).</summary>
    public async Task FinishAsync(string? error = null, string? message = null)
    {
        await FlushAsync().ConfigureAwait(false);
        message ??= Notes();
        await SendAsync(new ResponseChunk { RequestId = requestId, Seq = seq++, Final = true, Error = error, Message = message }).ConfigureAwait(false);
    }

    /// <summary>What the answer left out, or null when it is whole.</summary>
    public string? Notes()
    {
        string?[] notes =
        [
            Truncated ? $"answer cut at {ResponseChunk.MaxTotalBytes / (1024 * 1024)} MiB: ask for fewer lines ({NarrowingOptions})" : null,
            CutLines > 0 ? $"{CutLines} line(s) longer than {LogLineSplitter.MaxLineBytes / 1024} KiB or redrawn with carriage returns were cut, each marked \"…[cut: N bytes not shown]\"" : null,
        ];
        return notes.Any(n => n is not null) ? string.Join("; ", notes.OfType<string>()) : null;
    }

    private Task SendAsync(ResponseChunk chunk) => send(JsonSerializer.SerializeToUtf8Bytes(chunk, RequestJsonContext.Default.ResponseChunk));
}
