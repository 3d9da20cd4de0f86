using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Requests;

namespace EdgeAgent.Requests;

/// <summary>
/// Turns an answer into numbered chunks on the request's response topic: a chunk is sent when it
/// reaches <see cref="ResponseChunk.MaxBytes"/> or its source changes, and the whole answer stops at
/// <see cref="ResponseChunk.MaxTotalBytes"/>, saying so.
/// </summary>
internal sealed class ResponseWriter(string requestId, Func<byte[], Task> send)
{
    private const int LineLimit = 8 * 1024;

    private readonly List<string> lines = [];
    private string? source;
    private int seq;
    private int size;
    private long total;

    public bool Truncated { get; private set; }

    /// <summary>The options that ask for less, named when the answer is cut.</summary>
    public string NarrowingOptions { get; init; } = "--tail, --since, --app";

    public long LinesSent { get; private set; }

    public async Task AddAsync(string from, string line)
    {
        if (Truncated)
        {
            return;
        }

        line = line.Length > LineLimit ? line[..LineLimit] + " …(line cut)" : line;
        var bytes = Encoding.UTF8.GetByteCount(line) + 8;
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
        message ??= Truncated ? $"answer cut at {ResponseChunk.MaxTotalBytes / (1024 * 1024)} MiB: ask for fewer lines ({NarrowingOptions})" : null;
        await SendAsync(new ResponseChunk { RequestId = requestId, Seq = seq++, Final = true, Error = error, Message = message }).ConfigureAwait(false);
    }

    private Task SendAsync(ResponseChunk chunk) => send(JsonSerializer.SerializeToUtf8Bytes(chunk, RequestJsonContext.Default.ResponseChunk));
}
