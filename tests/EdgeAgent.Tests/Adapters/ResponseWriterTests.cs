using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Requests;
using EdgeAgent.Requests;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Tests.Adapters;

/// <summary>Answers to requests: chunks in order, within the size caps, and the agent's own recent log.</summary>
public sealed class ResponseWriterTests
{
    private static async Task<List<(ResponseChunk Chunk, int Bytes)>> WriteAsync(Func<ResponseWriter, Task> write)
    {
        var sent = new List<(ResponseChunk, int)>();
        var writer = new ResponseWriter("req-00000001", bytes =>
        {
            sent.Add((JsonSerializer.Deserialize(bytes, RequestJsonContext.Default.ResponseChunk)!, bytes.Length));
            return Task.CompletedTask;
        });
        await write(writer);
        await writer.FinishAsync();
        return sent;
    }

    [Fact]
    public async Task Many_lines_go_in_numbered_chunks_under_the_limit_and_a_new_source_starts_a_chunk()
    {
        var sent = await WriteAsync(async writer =>
        {
            for (var i = 0; i < 5000; i++)
            {
                await writer.AddAsync("app web", $"line {i} " + new string('x', 40));
            }

            await writer.AddAsync("app db", "db line");
        });

        Assert.Equal(Enumerable.Range(0, sent.Count), sent.Select(s => s.Chunk.Seq));
        Assert.All(sent, s => Assert.True(s.Bytes <= ResponseChunk.MaxBytes, $"chunk {s.Chunk.Seq}: {s.Bytes} bytes"));
        Assert.Equal(5000, sent.Where(s => s.Chunk.Source == "app web").Sum(s => s.Chunk.Lines.Count));
        Assert.Equal(["db line"], sent.Single(s => s.Chunk.Source == "app db").Chunk.Lines);
        Assert.True(sent[^1].Chunk.Final);
        Assert.Null(sent[^1].Chunk.Error);
    }

    [Fact]
    public async Task An_answer_stops_at_the_total_cap_and_says_so()
    {
        var sent = await WriteAsync(async writer =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                await writer.AddAsync("app chatty", new string('y', 200));
            }
        });

        Assert.InRange(sent.Sum(s => (long)s.Bytes), ResponseChunk.MaxTotalBytes / 2, ResponseChunk.MaxTotalBytes + ResponseChunk.MaxBytes);
        Assert.Contains("cut at", sent[^1].Chunk.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_very_long_line_is_cut()
    {
        var sent = await WriteAsync(writer => writer.AddAsync("agent", new string('z', 100_000)));

        Assert.EndsWith(LogLineSplitter.CutMarker(100_000 - LogLineSplitter.MaxLineBytes), Assert.Single(sent[0].Chunk.Lines), StringComparison.Ordinal);
        Assert.StartsWith("1 line(s)", sent[^1].Chunk.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(8 * 1024 + 1, "a")]
    [InlineData(8 * 1024 + 8, "a")]
    [InlineData(8 * 1024 + 64, "a")]
    [InlineData(8 * 1024 + 65, "a")]
    [InlineData(8 * 1024 + 2, "é")] // two bytes each: the cut falls on a whole character
    [InlineData(8 * 1024 + 3, "€")] // three bytes each: the 8 KiB boundary falls inside one
    [InlineData(8 * 1024 + 4, "😀")] // four bytes (a surrogate pair): the boundary is a whole character
    [InlineData(8 * 1024 + 40, "😀")]
    public async Task An_agent_line_just_over_8_KiB_is_cut_to_at_most_8_KiB_of_whole_characters(int bytes, string character)
    {
        var perCharacter = Encoding.UTF8.GetByteCount(character);
        var line = string.Concat(Enumerable.Repeat(character, bytes / perCharacter)) + new string('a', bytes % perCharacter);
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(line));

        var sent = await WriteAsync(writer => writer.AddAsync("agent", line));

        var shown = Assert.Single(sent[0].Chunk.Lines);
        var marker = shown.LastIndexOf(" …[cut: ", StringComparison.Ordinal);
        Assert.True(marker > 0, shown[^40..]);
        var kept = shown[..marker];
        Assert.StartsWith(kept, line, StringComparison.Ordinal);
        Assert.InRange(Encoding.UTF8.GetByteCount(kept), LogLineSplitter.MaxLineBytes - 3, LogLineSplitter.MaxLineBytes);
        Assert.EndsWith(LogLineSplitter.CutMarker(bytes - Encoding.UTF8.GetByteCount(kept)), shown, StringComparison.Ordinal);
        Assert.StartsWith("1 line(s) longer than 8 KiB", sent[^1].Chunk.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("€")]
    public async Task An_agent_line_of_8_KiB_or_less_passes_whole(string character)
    {
        var line = string.Concat(Enumerable.Repeat(character, LogLineSplitter.MaxLineBytes / Encoding.UTF8.GetByteCount(character)));

        var sent = await WriteAsync(writer => writer.AddAsync("agent", line));

        Assert.Equal(line, Assert.Single(sent[0].Chunk.Lines));
        Assert.Null(sent[^1].Chunk.Message);
    }

    [Theory]
    [InlineData(0xFF, 20_000 - LogLineSplitter.MaxLineBytes + 1)] // invalid UTF-8: each byte decodes to U+FFFD, three bytes when re-encoded; the last kept byte could start a character the cut split, so it goes too
    [InlineData(0xC3, 20_000 - LogLineSplitter.MaxLineBytes + 1)] // a lead byte with no continuation, the same
    [InlineData((byte)'a', 20_000 - LogLineSplitter.MaxLineBytes)]
    public async Task An_app_line_the_splitter_cut_is_cut_once_and_its_marker_counts_the_apps_bytes(byte appByte, int appBytesNotShown)
    {
        var splitter = new LogLineSplitter(timestamped: false);
        var lines = new List<string>();
        splitter.Write([.. Enumerable.Repeat(appByte, 20_000), (byte)'\n'], lines);
        var cutByTheSplitter = Assert.Single(lines);

        var sent = await WriteAsync(async writer =>
        {
            await writer.AddSplitLineAsync("app db", cutByTheSplitter);
            writer.CountCut(splitter.CutLines);
        });

        var line = Assert.Single(sent[0].Chunk.Lines);
        Assert.Equal(cutByTheSplitter, line);
        Assert.EndsWith(LogLineSplitter.CutMarker(appBytesNotShown), line, StringComparison.Ordinal);
        Assert.Equal(2, line.Split("[cut:").Length); // one marker only
        Assert.StartsWith("1 line(s) longer than 8 KiB", sent[^1].Chunk.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_agent_log_keeps_its_newest_lines_at_information_and_above()
    {
        using var ring = new AgentLogRing();
        var logger = ring.CreateLogger("EdgeAgent.Test");
        logger.LogDebug("hidden");
        for (var i = 0; i < AgentLogRing.Capacity + 10; i++)
        {
            logger.LogInformation("kept {Index}", i);
        }

        var tail = ring.Read(null, 3);
        Assert.Equal(3, tail.Count);
        Assert.EndsWith($"INFORMATION EdgeAgent.Test: kept {AgentLogRing.Capacity + 9}", tail[^1], StringComparison.Ordinal);
        Assert.Equal(AgentLogRing.Capacity, ring.Read(null, int.MaxValue).Count);
        Assert.DoesNotContain(ring.Read(null, int.MaxValue), l => l.Contains("hidden", StringComparison.Ordinal));
    }
}
