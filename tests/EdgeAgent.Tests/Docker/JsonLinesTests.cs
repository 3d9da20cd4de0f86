using System.Text;
using EdgeAgent.Docker.Engine;

namespace EdgeAgent.Tests.Docker;

/// <summary>
/// The engine's message streams as the agent reads them: every message whatever the read sizes,
/// blank lines and carriage returns skipped, and a line without end refused once it passes the
/// limit, having read no more than that (a broken or hostile stream cannot grow the agent).
/// </summary>
public sealed class JsonLinesTests
{
    private const string Three = "{\"status\":\"a\"}\n\n{\"status\":\"b\"}\r\n{\"status\":\"c\"}";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Every_message_arrives_whatever_the_stream_hands_over_per_read(int chunk)
    {
        var statuses = await ReadAllAsync(new ChunkedStream(Encoding.UTF8.GetBytes(Three), chunk));
        Assert.Equal(["a", "b", "c"], statuses);
    }

    [Fact]
    public async Task A_message_near_the_limit_is_read_and_the_stream_goes_on()
    {
        var big = "{\"status\":\"" + new string('x', JsonLines.MaxLineLength - 20) + "\"}\n{\"status\":\"after\"}\n";
        var statuses = await ReadAllAsync(new ChunkedStream(Encoding.UTF8.GetBytes(big), 65536));
        Assert.Equal(2, statuses.Count);
        Assert.Equal(JsonLines.MaxLineLength - 20, statuses[0].Length);
        Assert.Equal("after", statuses[1]);
    }

    [Theory]
    [InlineData((byte)'x')]
    [InlineData((byte)' ')]
    [InlineData((byte)'\r')]
    public async Task A_line_without_end_is_refused_after_reading_little_more_than_the_limit(byte filler)
    {
        var endless = new EndlessStream(filler);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(endless));
        Assert.Contains("more than 1048576 bytes", error.Message, StringComparison.Ordinal);
        Assert.InRange(endless.Served, JsonLines.MaxLineLength, JsonLines.MaxLineLength + 2);
    }

    [Fact]
    public async Task Messages_before_a_runaway_line_are_still_handed_over()
    {
        var seen = new List<string>();
        var stream = new EndlessStream((byte)'x', Encoding.UTF8.GetBytes("{\"status\":\"first\"}\n"));
        await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var message in JsonLines.ReadAsync(stream, EngineJsonContext.Default.ProgressMessage, CancellationToken.None))
            {
                seen.Add(message.Status!);
            }
        });
        Assert.Equal(["first"], seen);
    }

    [Fact]
    public async Task A_malformed_line_is_a_json_error_not_a_hang()
    {
        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => ReadAllAsync(new ChunkedStream("{\"status\":\n"u8.ToArray(), 5)));
    }

    private static async Task<List<string>> ReadAllAsync(Stream stream)
    {
        var statuses = new List<string>();
        await foreach (var message in JsonLines.ReadAsync(stream, EngineJsonContext.Default.ProgressMessage, CancellationToken.None))
        {
            statuses.Add(message.Status!);
        }

        return statuses;
    }

    /// <summary>Hands its bytes over at most <c>chunk</c> at a time, as a socket may.</summary>
    private sealed class ChunkedStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }

    /// <summary>A prefix, then one byte forever, counting what it served.</summary>
    private sealed class EndlessStream(byte filler, byte[]? prefix = null) : Stream
    {
        private readonly byte[] prefix = prefix ?? [];

        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Served < prefix.Length)
            {
                var count = Math.Min(buffer.Length, prefix.Length - (int)Served);
                prefix.AsMemory((int)Served, count).CopyTo(buffer);
                Served += count;
                return ValueTask.FromResult(count);
            }

            buffer.Span.Fill(filler);
            Served += buffer.Length;
            return ValueTask.FromResult(buffer.Length);
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().Result;

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
