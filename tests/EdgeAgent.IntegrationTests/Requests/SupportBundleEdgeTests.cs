using System.Net.Sockets;
using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Requests;
using EdgeAgent.IntegrationTests.Agent;
using EdgeAgent.IntegrationTests.Mqtt;

namespace EdgeAgent.IntegrationTests.Requests;

/// <summary>
/// `edgectl support-bundle` where things are not as they should be, on a real mosquitto: bad options
/// (refused before anything is asked), a device that does not answer (an existing archive kept), a
/// device that answers with hostile file names (nothing outside the bundle), and a real agent whose
/// Docker engine hangs (the bundle still comes, naming what it could not gather).
/// </summary>
public sealed class SupportBundleEdgeTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private readonly RequestBed bed = new(broker);

    public async Task InitializeAsync()
    {
        await bed.StartAsync();
        File.WriteAllText(bed.Temp.File("public.pem"), bed.Trust.RequestsKey.ExportSubjectPublicKeyInfoPem());
        Directory.CreateDirectory(bed.Temp.File("out"));
    }

    public Task DisposeAsync() => bed.DisposeAsync().AsTask();

    public static TheoryData<string, string[], string> BadOptions() => new()
    {
        { "--out names a directory", ["--out", "{out}"], "--out" },
        { "--out names a symbolic link to a device", ["--out", "{out}/null-link"], "--out" },
        { "--out names a character device", ["--out", "/dev/null"], "--out" },
        { "--out in a missing directory", ["--out", "{out}/missing/b.tar.gz"], "--out" },
        { "--tail of zero", ["--tail", "0"], "--tail" },
        { "--tail beyond the limit", ["--tail", "10001"], "--tail" },
        { "--tail not a number", ["--tail", "many"], "--tail" },
        { "--since not a duration", ["--since", "yesterday"], "--since" },
        { "--since negative", ["--since", "-5m"], "--since" },
        { "--device not a device name", ["--device", "../pi-01"], "--device" },
        { "--sign-key missing", ["--sign-key", "{out}/nope.pem"], "nope.pem" },
        { "--sign-key only public", ["--sign-key", "{public}"], "public.pem" },
        { "--sign-key a directory", ["--sign-key", "{out}"], "bad" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Bad_options_are_refused_naming_the_option_before_anything_is_asked(string what, string[] args, string named)
    {
        Directory.CreateDirectory(bed.Temp.File("bad"));
        await using var device = await bed.ConnectAsync("pi-01");
        await device.SubscribeAsync("edge/v1/devices/pi-01/requests");
        var resolved = args.Select(a => a.Replace("{out}", bed.Temp.File("bad"), StringComparison.Ordinal).Replace("{public}", bed.Temp.File("public.pem"), StringComparison.Ordinal)).ToArray();
        var defaults = new Dictionary<string, string> { ["--device"] = "pi-01", ["--out"] = bed.Temp.File("bad/b.tar.gz"), ["--sign-key"] = bed.Temp.File("request.pem") };
        File.CreateSymbolicLink(bed.Temp.File("bad/null-link"), "/dev/null");
        var given = defaults.Where(d => !resolved.Contains(d.Key)).SelectMany(d => new[] { d.Key, d.Value });

        var (exit, stdout, stderr) = await BundleAsync([.. given, .. resolved]);

        Assert.True(exit == 2, $"{what}: exit {exit}\n{stdout}{stderr}");
        Assert.Contains(named, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Empty(device.Received);
        Assert.Equal([bed.Temp.File("bad/null-link")], Directory.GetFileSystemEntries(bed.Temp.File("bad")));
        Assert.Equal("/dev/null", new FileInfo(bed.Temp.File("bad/null-link")).LinkTarget);
        Assert.True(File.Exists("/dev/null") && new FileInfo("/dev/null").Length == 0);
    }

    [Fact]
    public async Task A_device_that_does_not_answer_fails_and_an_existing_archive_is_kept()
    {
        File.WriteAllText(bed.Temp.File("out/pi-09.tar.gz"), "the previous bundle");

        var (exit, stdout, stderr) = await BundleAsync("--device", "pi-09", "--out", bed.Temp.File("out/pi-09.tar.gz"), "--sign-key", bed.Temp.File("request.pem"));

        Assert.True(exit == 1 && stderr.Contains("no answer from pi-09", StringComparison.Ordinal), stdout + stderr);
        Assert.Equal("the previous bundle", File.ReadAllText(bed.Temp.File("out/pi-09.tar.gz")));
        Assert.Equal([bed.Temp.File("out/pi-09.tar.gz")], Directory.GetFileSystemEntries(bed.Temp.File("out")));
    }

    [Fact]
    public async Task A_hostile_answer_writes_nothing_outside_the_bundle()
    {
        await using var device = await bed.ConnectAsync("pi-01");
        await device.SubscribeAsync("edge/v1/devices/pi-01/requests");
        using var edgectl = AgentProcess.StartEdgeCtl(Arguments("--device", "pi-01", "--out", bed.Temp.File("out/pi-01.tar.gz"), "--sign-key", bed.Temp.File("request.pem")));
        await DockerHost.EventuallyAsync(() => Task.FromResult(!device.Received.IsEmpty), TimeSpan.FromSeconds(20), $"the request\n{edgectl.Stderr}");
        var id = RequestId(device.Received.First().Payload);
        (string? Source, string[] Lines)[] answer =
        [
            ("file status.json", ["{ \"deviceId\": \"pi-01\" }"]),
            ("file ../../escape", ["out of the folder"]),
            ("file /tmp/support-bundle-absolute", ["absolute"]),
            ("file apps/x", ["a file"]),
            ("file apps/x/y", ["a file where a folder would need to be"]),
            ("app nodered", ["not a file of a bundle"]),
            ("file bundle.json", ["{ \"forged\": true }"]),
        ];

        // Sent last chunk first: edgectl puts them in order.
        await device.PublishAsync($"edge/v1/devices/pi-01/responses/{id}", Chunk(new ResponseChunk { RequestId = id, Seq = answer.Length, Final = true, Message = "answer cut at 4 MiB" }), retain: false);
        for (var seq = answer.Length - 1; seq >= 0; seq--)
        {
            await device.PublishAsync($"edge/v1/devices/pi-01/responses/{id}", Chunk(new ResponseChunk { RequestId = id, Seq = seq, Source = answer[seq].Source, Lines = answer[seq].Lines }), retain: false);
        }

        var exit = await edgectl.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, edgectl.Stdout + edgectl.Stderr);
        Assert.Contains("5 chunk(s)", edgectl.Stderr, StringComparison.Ordinal);
        var folder = SupportBundleTests.Unpack(bed.Temp.File("out/pi-01.tar.gz"), bed.Temp.File("unpacked"));
        var files = Directory.GetFiles(bed.Temp.File("unpacked"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal);
        Assert.Equal(["apps/x", "bundle.json", "status.json"], files);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "bundle.json")));
        Assert.False(summary.RootElement.GetProperty("complete").GetBoolean());
        Assert.Equal("answer cut at 4 MiB", summary.RootElement.GetProperty("note").GetString());
        Assert.Equal(5, summary.RootElement.GetProperty("ignoredChunks").GetInt32());
        Assert.False(File.Exists("/tmp/support-bundle-absolute"));
        Assert.Empty(Directory.GetFiles(bed.Temp.Path, "escape", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(bed.Temp.Path)!, "escape"));
    }

    [Fact]
    public async Task An_agent_whose_docker_engine_hangs_still_answers_naming_what_it_could_not_gather()
    {
        using var hung = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        hung.Bind(new UnixDomainSocketEndPoint(bed.Temp.File("hung-docker.sock")));
        hung.Listen(64); // accepted by the kernel, never answered
        var config = bed.AgentConfig();
        File.WriteAllText(config, File.ReadAllText(config).Replace(DockerHost.Endpoint, $"unix://{bed.Temp.File("hung-docker.sock")}", StringComparison.Ordinal));
        await using var monitor = await bed.ConnectAsync("edge-monitor");
        await monitor.SubscribeAsync("edge/v1/devices/pi-01/online");
        using var agent = AgentProcess.Start(["run", "--config", config]);
        await DockerHost.EventuallyAsync(() => Task.FromResult(monitor.Received.Any(m => m.Payload == Topics.Online)), TimeSpan.FromSeconds(60), $"pi-01 online\n{agent.Stdout}\n{agent.Stderr}");

        var (exit, stdout, stderr) = await BundleAsync("--device", "pi-01", "--out", bed.Temp.File("out/hung.tar.gz"), "--sign-key", bed.Temp.File("request.pem"));

        Assert.True(exit == 0, stdout + stderr + agent.Stderr);
        var folder = SupportBundleTests.Unpack(bed.Temp.File("out/hung.tar.gz"), bed.Temp.File("unpacked-hung"));
        using var device = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "device.json")));
        Assert.Equal("pi-01", device.RootElement.GetProperty("device").GetString());
        Assert.False(device.RootElement.TryGetProperty("dockerVersion", out _));
        Assert.Contains("starting as device pi-01", File.ReadAllText(Path.Combine(folder, "agent.log")), StringComparison.Ordinal);
        var problems = File.ReadAllText(Path.Combine(folder, "problems.txt"));
        Assert.Contains("did not answer within", problems, StringComparison.Ordinal);
        Assert.False(agent.HasExited, agent.Stderr);
    }

    private static string RequestId(string envelope)
    {
        using var outer = JsonDocument.Parse(envelope);
        using var inner = JsonDocument.Parse(Convert.FromBase64String(outer.RootElement.GetProperty("payload").GetString()!));
        return inner.RootElement.GetProperty("id").GetString()!;
    }

    private static string Chunk(ResponseChunk chunk) => JsonSerializer.Serialize(chunk, RequestJsonContext.Default.ResponseChunk);

    private string[] Arguments(params string[] args) => bed.OperatorArguments(["support-bundle", .. args]);

    private Task<(int ExitCode, string Stdout, string Stderr)> BundleAsync(params string[] args) => AgentProcess.RunEdgeCtlAsync(Arguments(args));
}
