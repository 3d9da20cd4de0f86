using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.IntegrationTests.Mqtt;
using Xunit.Abstractions;

namespace EdgeAgent.IntegrationTests.Requests;

/// <summary>
/// Whatever an app writes, reading its log costs the agent one line's cap: a real container printing
/// 12 MB without a newline and one redrawing a 3.5 MB carriage-return progress bar, read by the real
/// `edgectl logs` and `edgectl support-bundle` through the real agent, mosquitto and dockerd. The
/// lines arrive cut and marked, the answer says so, and the agent's resident memory stays flat
/// (before the fix: 31 MB to 720 MB for the 12 MB line).
/// </summary>
[Collection(DockerTests.Name)]
public sealed class LongLineLogsTests(DockerHost docker, MosquittoBroker broker, ITestOutputHelper output) : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private const int LongLineBytes = 12_000_000;

    /// <summary>What reading a log may add to the agent's peak memory; the answer is at most 4 MiB and a line 8 KiB.</summary>
    private const long MaxGrowthBytes = 48L * 1024 * 1024;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly RequestBed bed = new(broker, docker);

    public Task InitializeAsync() => bed.StartAsync();

    public Task DisposeAsync() => bed.DisposeAsync().AsTask();

    [Fact]
    public async Task A_12_MB_line_and_a_progress_bar_arrive_cut_and_marked_and_the_agent_stays_small()
    {
        await using var monitor = await bed.ConnectAsync("edge-monitor");
        await monitor.SubscribeAsync("edge/v1/devices/pi-01/status");
        using var agent = bed.StartAgent();
        await bed.PublishAsOperatorAsync("edge/v1/devices/pi-01/desired", Encoding.UTF8.GetString(DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, Encoding.UTF8.GetBytes($$"""
            { "apiVersion": "edge/v1", "kind": "Manifest",
              "metadata": { "name": "long", "version": 1, "issuedAt": "{{DateTimeOffset.UtcNow.AddMinutes(-1):yyyy-MM-ddTHH:mm:ssZ}}", "expiresAt": "2036-01-01T00:00:00Z", "target": { "devices": ["pi-01"] } },
              "spec": { "apps": {
                "itest-longline": { "image": "{{DockerHost.Image}}", "init": true, "stopGracePeriodSeconds": 1, "logs": { "maxSize": "64Mi" },
                  "command": ["sh", "-c", "head -c {{LongLineBytes}} /dev/zero | tr '\\0' a; sleep 3600"] },
                "itest-progress": { "image": "{{DockerHost.Image}}", "init": true, "stopGracePeriodSeconds": 1,
                  "command": ["sh", "-c", "i=0; while [ $i -lt 70000 ]; do printf '\\r%3d%% [########################################]' $((i % 100)); i=$((i+1)); done; echo; echo done; sleep 3600"] } } } }
            """), [bed.Trust.ManifestsKey]))));

        await DockerHost.EventuallyAsync(
            () => Task.FromResult(monitor.Received.Any(m => m.Topic.EndsWith("/status", StringComparison.Ordinal) && m.Payload.Contains("\"converged\":true", StringComparison.Ordinal) && m.Payload.Contains("itest-progress", StringComparison.Ordinal))),
            Timeout,
            $"pi-01 converged\n{agent.Stdout}\n{agent.Stderr}");
        await DockerHost.EventuallyAsync(() => Task.FromResult(LogBytes("itest-longline") > LongLineBytes && LogBytes("itest-progress") > 3_000_000), Timeout, "both apps wrote their logs");

        var before = Memory(agent.Pid);
        (int ExitCode, string Stdout, string Stderr) logs = default;
        await DockerHost.EventuallyAsync(
            async () =>
            {
                // Docker writes the line's last piece (under 16 KiB) only when more follows or the app ends: ask until the rest is there.
                logs = await bed.AskPi01Async("logs", "--app", "itest-longline", "--tail", "10000");
                return logs.ExitCode == 0 && NotShown(logs.Stdout) > LongLineBytes - 32 * 1024;
            },
            Timeout,
            "the long line, cut");
        var line = Assert.Single(logs.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^\[app itest-longline\] \S+Z a{8000,} …\[cut: \d+ bytes not shown\]$", line);
        Assert.True(line.Length < 9 * 1024, $"{line.Length} characters");
        Assert.Contains("1 line(s) longer than 8 KiB", logs.Stderr, StringComparison.Ordinal);

        var bundle = await bed.AskPi01Async("support-bundle", "--out", bed.Temp.File("pi-01.tar.gz"));
        Assert.True(bundle.ExitCode == 0, bundle.Stdout + bundle.Stderr);
        var after = Memory(agent.Pid);
        output.WriteLine($"agent memory: VmRSS {before.Rss / 1024} KiB before, VmRSS {after.Rss / 1024} KiB and VmHWM {after.Peak / 1024} KiB after (peak before {before.Peak / 1024} KiB)");
        Assert.True(after.Peak - before.Rss < MaxGrowthBytes, $"the agent grew from {before.Rss / 1024} KiB to a peak of {after.Peak / 1024} KiB");
        Assert.True(new FileInfo(bed.Temp.File("pi-01.tar.gz")).Length < 256 * 1024, $"{new FileInfo(bed.Temp.File("pi-01.tar.gz")).Length} bytes");
        var folder = SupportBundleTests.Unpack(bed.Temp.File("pi-01.tar.gz"), bed.Temp.File("unpacked"));
        var progress = File.ReadAllLines(Path.Combine(folder, "apps/itest-progress/container.log"));
        Assert.Equal(2, progress.Length);
        Assert.Matches(@"^\S+Z +99% \[#{40}\] …\[cut: \d+ bytes not shown\]$", progress[0]);
        Assert.Matches(@"^\S+Z done$", progress[1]);
        Assert.All(File.ReadAllLines(Path.Combine(folder, "apps/itest-longline/container.log")), l => Assert.True(l.Length < 9 * 1024));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "bundle.json")));
        Assert.Contains("longer than 8 KiB", summary.RootElement.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.False(agent.HasExited, agent.Stderr);
    }

    /// <summary>The bytes the marker at the end of the output says were not shown.</summary>
    private static long NotShown(string stdout) =>
        System.Text.RegularExpressions.Regex.Match(stdout, @"…\[cut: (\d+) bytes not shown\]") is { Success: true } m ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    /// <summary>The size of the container's json-file log (and its rotated files).</summary>
    private static long LogBytes(string name)
    {
        using var inspect = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("docker", ["inspect", "-f", "{{.LogPath}}", name]) { RedirectStandardOutput = true })!;
        var path = inspect.StandardOutput.ReadToEnd().Trim();
        inspect.WaitForExit();
        return path.Length == 0 ? 0 : Directory.EnumerateFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*").Sum(f => new FileInfo(f).Length);
    }

    /// <summary>The process's resident set and its peak, from /proc.</summary>
    private static (long Rss, long Peak) Memory(int pid)
    {
        var lines = File.ReadAllLines($"/proc/{pid}/status");
        long Field(string name) => long.Parse(lines.First(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return (Field("VmRSS"), Field("VmHWM"));
    }
}
