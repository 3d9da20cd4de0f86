using System.Text;
using EdgeAgent.Core.Requests;

namespace EdgeAgent.Core.Tests.Requests;

/// <summary>
/// A container's log cut into lines as it streams: whatever an app writes (one endless line, a
/// carriage-return progress bar, Docker's 16 KiB continuation frames, UTF-8 cut mid-character, bytes
/// arriving one at a time), every line is at most the cap plus its marker, and what was cut is said.
/// </summary>
public sealed class LogLineSplitterTests
{
    private const string Stamp = "2026-12-07T13:14:15.482552431Z ";

    private static (List<string> Lines, LogLineSplitter Splitter) Split(IEnumerable<(bool Frame, byte[] Bytes)> pieces, bool timestamped = true)
    {
        var splitter = new LogLineSplitter(timestamped);
        var lines = new List<string>();
        foreach (var (frame, bytes) in pieces)
        {
            if (frame)
            {
                splitter.StartFrame();
            }

            splitter.Write(bytes, lines);
        }

        if (splitter.Finish() is { } last)
        {
            lines.Add(last);
        }

        return (lines, splitter);
    }

    private static (bool, byte[]) Frame(string text) => (true, Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Ordinary_lines_pass_as_they_are()
    {
        var (lines, splitter) = Split([Frame(Stamp + "one\n"), Frame(Stamp + "two\r\n"), Frame(Stamp + "\n"), Frame(Stamp + "last")]);
        Assert.Equal([Stamp + "one", Stamp + "two", Stamp, Stamp + "last"], lines);
        Assert.Equal(0, splitter.CutLines);
    }

    [Theory]
    [InlineData(8 * 1024 - 31, false)]
    [InlineData(8 * 1024 - 30, true)]
    [InlineData(12_000_000, true)]
    public void A_long_line_is_cut_at_the_cap_and_says_how_much_was_not_shown(int length, bool cut)
    {
        // As Docker sends a long line: 16 KiB messages, each its own frame with its own timestamp.
        var text = new string('a', length) + "\n";
        var frames = text.Chunk(16 * 1024).Select(c => Frame(Stamp + new string(c)));

        var (lines, splitter) = Split(frames);

        var line = Assert.Single(lines);
        Assert.True(Encoding.UTF8.GetByteCount(line) <= LogLineSplitter.MaxLineBytes + 64, $"{line.Length} characters");
        Assert.StartsWith(Stamp + "aaaa", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Z a", line[Stamp.Length..], StringComparison.Ordinal); // no continuation timestamp inside
        Assert.Equal(cut, line.EndsWith(LogLineSplitter.CutMarker(Stamp.Length + length - LogLineSplitter.MaxLineBytes), StringComparison.Ordinal));
        Assert.Equal(cut ? 1 : 0, splitter.CutLines);
    }

    [Fact]
    public void A_carriage_return_progress_bar_keeps_its_last_state_under_its_timestamp()
    {
        var bar = string.Concat(Enumerable.Range(0, 100_000).Select(i => $"\r{i % 100,3}% [{new string('#', i % 40),-40}]"));
        var (lines, splitter) = Split([Frame(Stamp + "download" + bar + "\n"), Frame(Stamp + "done\n")]);

        var last = $"{99_999 % 100,3}% [{new string('#', 99_999 % 40),-40}]";
        var overwritten = Encoding.UTF8.GetByteCount("download" + bar) - 100_000 - last.Length; // all but the last state, without the \r's
        Assert.Equal([Stamp + last + LogLineSplitter.CutMarker(overwritten), Stamp + "done"], lines);
        Assert.Equal(1, splitter.CutLines);
    }

    [Fact]
    public void Bytes_arriving_one_at_a_time_split_the_same()
    {
        var text = Stamp + "first\n" + Stamp + new string('é', 9000) + "\r\n" + Stamp + "last\n";
        var whole = Split([Frame(text)]).Lines;
        var trickled = Split(Encoding.UTF8.GetBytes(text).Select((b, i) => (i == 0, new[] { b }))).Lines;

        Assert.Equal(whole, trickled);
        Assert.Equal(3, whole.Count);
        Assert.DoesNotContain('\uFFFD', whole[1]); // cut between characters, not inside one
        Assert.EndsWith(" bytes not shown]", whole[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n\n")]
    [InlineData("\r\r\r")]
    [InlineData("no timestamp at all\n")]
    [InlineData("\0\0\0 binary \x1b[31m red\n")]
    public void Any_bytes_give_lines_within_the_cap(string text)
    {
        var (lines, _) = Split([Frame(text + new string('x', 20_000)), Frame(Stamp + "y\n")]);
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= LogLineSplitter.MaxLineBytes + 64));
    }

    [Fact]
    public void Without_timestamps_a_frame_start_skips_nothing()
    {
        var (lines, _) = Split([Frame("part one "), Frame("part two\n")], timestamped: false);
        Assert.Equal(["part one part two"], lines);
    }
}
