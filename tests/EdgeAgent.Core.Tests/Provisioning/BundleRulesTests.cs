using EdgeAgent.Core.Provisioning;

namespace EdgeAgent.Core.Tests.Provisioning;

/// <summary>
/// The one rule of a provisioning bundle's names, count and sizes (the device's reader and edgectl's
/// writer both apply it): the class of names, counts and sizes at and around every limit.
/// </summary>
public sealed class BundleRulesTests
{
    private const long MiB = 1 << 20;

    public static TheoryData<string> Names() =>
    [
        "agent.json", "device.key", "images.tar", "a", new string('n', 64), "compose.yaml", "README", "résumé.txt", "日本.pem",
        "name with spaces", "-dash-first", "trailing.", "x..y", "SHA256SUMS.txt", "sha256sums",
    ];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_plain_name_of_up_to_64_characters_is_a_file_of_a_bundle(string name) => Assert.Null(BundleRules.NameProblem(name));

    public static TheoryData<string, string> BadNames() => new()
    {
        { "", "is empty" },
        { new string('n', 65), "longer than 64" },
        { new string('n', 200), "longer than 64" },
        { ".DS_Store", "starts with '.'" },
        { ".", "starts with '.'" },
        { "..", "starts with '.'" },
        { ".hidden.pem", "starts with '.'" },
        { "sub/file", "contains '/'" },
        { "../etc/passwd", "starts with '.'" },
        { "/etc/shadow", "contains '/'" },
        { "dos\\path", "contains '/' or '\\'" },
        { "line\nbreak", "control character" },
        { "carriage\r", "control character" },
        { "tab\there", "control character" },
        { "nul\0", "control character" },
        { "del\u007f", "control character" },
        { "c1\u0085", "control character" },
        { "bad\uFFFDutf8", "not valid UTF-8" },
        { "SHA256SUMS", "checksum list" },
        { "SHA256SUMS.dsse.json", "checksum list" },
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public void Any_other_name_is_refused_saying_why(string name, string says)
    {
        Assert.Contains(says, BundleRules.NameProblem(name), StringComparison.Ordinal);
        var problem = Assert.Single(BundleRules.Problems([new BundleFile(name, 1)]));
        Assert.Contains(BundleRules.NameRule, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("agent.json", 0, true)]
    [InlineData("agent.json", MiB - 1, true)]
    [InlineData("agent.json", MiB, true)]
    [InlineData("agent.json", MiB + 1, false)]
    [InlineData("ca.pem", 100 * MiB, false)]
    [InlineData("images.tar.part", MiB + 1, false)]
    [InlineData("images.tar", MiB + 1, true)]
    [InlineData("images.tar", (8L << 30) - 1, true)]
    [InlineData("images.tar", 8L << 30, true)]
    [InlineData("images.tar", (8L << 30) + 1, false)]
    [InlineData("images.tar", long.MaxValue, false)]
    public void Every_file_is_at_most_1_MiB_and_images_tar_at_most_8_GiB(string name, long bytes, bool fits)
    {
        Assert.Equal(fits, BundleRules.SizeProblem(name, bytes) is null);
        var problems = BundleRules.Problems([new BundleFile(name, bytes)]);
        if (fits)
        {
            Assert.Empty(problems);
        }
        else
        {
            var problem = Assert.Single(problems);
            Assert.StartsWith($"{name} is too large ({bytes} bytes, at most {BundleRules.MaxBytes(name)})", problem, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(6, true)]
    [InlineData(31, true)]
    [InlineData(32, true)]
    [InlineData(33, false)]
    [InlineData(1000, false)]
    public void A_bundle_has_1_to_32_files(int count, bool fits)
    {
        var files = Enumerable.Range(0, count).Select(i => new BundleFile($"file-{i:D4}.pem", 100)).ToList();
        Assert.Equal(fits, BundleRules.CountProblem(count) is null);
        var problems = BundleRules.Problems(files);
        Assert.Equal(fits ? [] : [$"SHA256SUMS {BundleRules.CountProblem(count)} (it would list {count})"], problems);
    }

    [Fact]
    public void Every_problem_of_a_bundle_is_named_with_its_file()
    {
        var files = new List<BundleFile> { new(".DS_Store", 10), new("big.bin", 2 * MiB), new("agent.json", 10), new("agent.json", 10) };
        files.AddRange(Enumerable.Range(0, 30).Select(i => new BundleFile($"extra-{i}", 1)));
        var problems = BundleRules.Problems(files);
        Assert.Equal(4, problems.Count);
        Assert.StartsWith("\".DS_Store\" starts with '.'", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("big.bin is too large", problems[1], StringComparison.Ordinal);
        Assert.Equal("agent.json is listed twice", problems[2]);
        Assert.StartsWith("SHA256SUMS lists more than 32 files", problems[3], StringComparison.Ordinal);
    }

    [Fact]
    public void The_longest_checksum_list_the_rules_allow_stays_within_its_own_limit()
    {
        // 32 lines of "SHA256  NAME" whose names take the most UTF-8 a 64-character name can (3 bytes a
        // character; a 4-byte one is two characters), and the end line.
        var name = new string('\u65e5', BundleRules.MaxNameLength);
        Assert.Null(BundleRules.NameProblem(name));
        var line = new string('a', 64) + "  " + name + "\n";
        var longest = (BundleRules.MaxEntries * System.Text.Encoding.UTF8.GetByteCount(line)) + "# end of bundle: 32 files\n".Length;
        Assert.True(longest <= BundleRules.MaxChecksumsBytes, $"{longest} bytes");
    }
}
