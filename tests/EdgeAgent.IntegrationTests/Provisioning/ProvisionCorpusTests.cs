using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using EdgeAgent.IntegrationTests.Agent;
using EdgeAgent.Provisioning;

namespace EdgeAgent.IntegrationTests.Provisioning;

/// <summary>
/// `edgectl device provision` writes no bundle the device would refuse (tests/corpus/provision-out, a
/// folder per class with expected.tsv): an --out holding what the device's bundle rules refuse is refused
/// with exit 2 naming the file and the rule, before anything is written. Within the limits, the bundle
/// is written and the device takes it.
/// </summary>
public sealed class ProvisionCorpusTests : IDisposable
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "corpus", "provision-out");
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Every_corpus_out_directory_is_refused_with_its_text_and_left_as_it_was()
    {
        await FleetAsync();
        var cases = File.ReadAllLines(Path.Combine(Corpus, "expected.tsv")).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).ToList();
        Assert.Equal(cases.Select(c => c[0]).Order(StringComparer.Ordinal), Directory.EnumerateDirectories(Corpus).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(cases.Count >= 13, $"{cases.Count} cases");

        var wrong = new List<string>();
        foreach (var (folder, says) in cases.Select(c => (c[0], c[1])))
        {
            var outDir = temp.File("out-" + folder);
            var brokers = Setup(Path.Combine(Corpus, folder, "setup.txt"), outDir);
            var before = Snapshot(outDir);
            var (code, stdout, stderr) = await AgentProcess.RunEdgeCtlAsync(Provision(outDir, brokers));
            if (code != 2 || !stderr.Contains(says, StringComparison.Ordinal))
            {
                wrong.Add($"{folder}: exit {code}, {stdout.Trim()} {stderr.Trim()}");
            }
            else if (!before.SequenceEqual(Snapshot(outDir)))
            {
                wrong.Add($"{folder}: --out changed");
            }

            Run("rm", "-rf", outDir); // .NET cannot delete a name that is not UTF-8
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cases.Count} corpus --out directories misbehaved:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public async Task A_bundle_at_every_limit_is_written_the_device_takes_it_and_provisioning_again_writes_the_same_files()
    {
        await FleetAsync();
        var outDir = temp.File("out");
        Directory.CreateDirectory(outDir);
        File.WriteAllBytes(Path.Combine(outDir, "firmware.bin"), new byte[1 << 20]);
        File.WriteAllText(Path.Combine(outDir, new string('n', 64)), "64 characters");
        File.WriteAllText(Path.Combine(outDir, "日本-compose.yaml"), "services: {}");
        Directory.CreateDirectory(Path.Combine(outDir, "notes")); // a directory is not part of the bundle
        for (var i = 0; i < 24; i++)
        {
            File.WriteAllText(Path.Combine(outDir, $"extra-{i:D2}.txt"), "x");
        }

        // 5 files provision writes + 27 already there: 32, the most a device takes.
        var (code, stdout, stderr) = await AgentProcess.RunEdgeCtlAsync(Provision(outDir, 1));
        Assert.True(code == 0, stdout + stderr);
        Assert.Equal("# end of bundle: 32 files", File.ReadAllLines(Path.Combine(outDir, BootBundle.Checksums))[^1]);
        var (again, againOut, againErr) = await AgentProcess.RunEdgeCtlAsync(Provision(outDir, 1));
        Assert.True(again == 0, againOut + againErr);

        var outcome = await new BootBundle(outDir, temp.File("etc")).TakeAsync(CancellationToken.None);
        Assert.Equal(32, outcome!.Taken.Count);
        Assert.Equal(1 << 20, new FileInfo(temp.File("etc/firmware.bin")).Length);

        // One more file: refused, and --out keeps the bundle the device took.
        File.WriteAllText(Path.Combine(outDir, "extra-24.txt"), "x");
        var before = Snapshot(outDir);
        var (more, _, moreErr) = await AgentProcess.RunEdgeCtlAsync(Provision(outDir, 1));
        Assert.Equal(2, more);
        Assert.Contains("SHA256SUMS lists more than 32 files", moreErr, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(outDir));
    }

    private string[] Provision(string outDir, int brokers) =>
    [
        "device", "provision", "--device", "pi-07", "--group", "greenhouse", "--ca", temp.File("ca"), "--root", temp.File("root.json"),
        .. Enumerable.Range(0, brokers).SelectMany(i => new[] { "--broker", $"mqtts://broker-{i}.example:8883" }), "--out", outDir,
    ];

    private async Task FleetAsync()
    {
        foreach (var args in new[]
        {
            new[] { "ca", "init", "--out", temp.File("ca") },
            ["key", "generate", "--out", temp.File("root-key.pem")],
            ["root", "init", "--root-key", temp.File("root-key.pem"), "--manifests-key", temp.File("root-key.pem"), "--out", temp.File("root.json")],
        })
        {
            var (code, stdout, stderr) = await AgentProcess.RunEdgeCtlAsync(args);
            Assert.True(code == 0, stdout + stderr);
        }
    }

    /// <summary>Makes <paramref name="outDir"/> as setup.txt says; returns how many --broker values to give.</summary>
    private int Setup(string setup, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var brokers = 1;
        foreach (var words in File.ReadAllLines(setup).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(' ')))
        {
            var path = Path.Combine(outDir, words[1].Replace("\\n", "\n", StringComparison.Ordinal));
            switch (words[0])
            {
                case "file": File.WriteAllBytes(path, new byte[long.Parse(words[2], CultureInfo.InvariantCulture)]); break;
                case "files":
                    for (var i = 0; i < int.Parse(words[1], CultureInfo.InvariantCulture); i++)
                    {
                        File.WriteAllText(Path.Combine(outDir, $"extra-{i:D2}.txt"), "x");
                    }

                    break;
                case "sparse":
                    using (var file = File.Create(path))
                    {
                        file.SetLength(long.Parse(words[2], CultureInfo.InvariantCulture));
                    }

                    break;
                case "rawname":
                    // .NET writes names as UTF-8 only: the shell makes the name from its bytes (printf's octal escapes).
                    var octal = string.Concat(Convert.FromHexString(words[1]).Select(b => "\\" + Convert.ToString(b, 8).PadLeft(3, '0')));
                    Run("sh", "-c", "touch \"$2/$(printf \"$1\")\"", "sh", octal, outDir);
                    break;
                case "link": File.CreateSymbolicLink(path, temp.Write("outside-" + words[1], "outside")); break;
                case "fifo": Run("mkfifo", path); break;
                case "dir": Directory.CreateDirectory(path); break;
                case "brokers": brokers = int.Parse(words[1], CultureInfo.InvariantCulture); break;
                default: throw new InvalidOperationException($"{setup}: unknown step {words[0]}");
            }
        }

        return brokers;
    }

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(program, args);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    /// <summary>Every entry of the directory, its kind, size, time and (for small files) content: what "left as it was" compares.</summary>
    private static SortedDictionary<string, string> Snapshot(string dir) => new(
        new DirectoryInfo(dir).EnumerateFileSystemInfos().ToDictionary(
            e => e.Name,
            e => e.Name.Contains('\uFFFD', StringComparison.Ordinal) ? "(a name that is not UTF-8, which .NET cannot open)"
                : e.LinkTarget is { } target ? "link to " + target
                : e is FileInfo { Length: < 4 << 20 } file && EdgeAgent.Shared.RegularFile.NotRegular(file.FullName) is null ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file.FullName)))
                : $"{e.Attributes} {(e as FileInfo)?.Length} {e.LastWriteTimeUtc:O}"),
        StringComparer.Ordinal);

    public void Dispose() => temp.Dispose();
}
