using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.IntegrationTests.Mqtt;

namespace EdgeAgent.IntegrationTests.Requests;

/// <summary>
/// `edgectl support-bundle` (the real program) against the real agent as pi-01 on a real mosquitto
/// and dockerd: the archive unpacks with tar, holds what someone who has never seen the device needs,
/// carries no environment value of any app, no password in its command line or healthcheck, reads no container the agent does not manage, and
/// leaves the device exactly as it was.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class SupportBundleTests(DockerHost docker, MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private const string Secret = "hunter2-s3cret-value";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly DockerHost docker = docker;
    private readonly RequestBed bed = new(broker, docker);

    public async Task InitializeAsync()
    {
        await bed.StartAsync();
        await docker.RemoveIfPresentAsync("itest-unmanaged-secret");
    }

    public async Task DisposeAsync()
    {
        await bed.DisposeAsync();
        await docker.RemoveIfPresentAsync("itest-unmanaged-secret");
    }

    [Fact]
    public async Task A_bundle_holds_status_events_logs_and_redacted_inspects_and_changes_nothing()
    {
        await using var monitor = await bed.ConnectAsync("edge-monitor");
        await monitor.SubscribeAsync("edge/v1/devices/pi-01/status");
        await monitor.SubscribeAsync("edge/v1/devices/pi-01/events");
        using var agent = bed.StartAgent();
        await bed.PublishAsOperatorAsync("edge/v1/devices/pi-01/desired", Manifest(1, bed.Trust.ManifestsKey));
        await DockerHost.EventuallyAsync(
            () => Task.FromResult(monitor.Received.Any(m => m.Topic.EndsWith("/status", StringComparison.Ordinal) && m.Payload.Contains("\"converged\":true", StringComparison.Ordinal) && m.Payload.Contains("itest-secret", StringComparison.Ordinal))),
            Timeout,
            $"pi-01 converged\n{agent.Stdout}\n{agent.Stderr}");
        await bed.PublishAsOperatorAsync("edge/v1/devices/pi-01/desired", Manifest(2, bed.Trust.RequestsKey)); // signed by the wrong role: rejected, an event
        await DockerHost.EventuallyAsync(
            () => Task.FromResult(monitor.Received.Any(m => m.Topic.EndsWith("/events", StringComparison.Ordinal) && m.Payload.Contains("\"rejected\"", StringComparison.Ordinal))),
            Timeout,
            "the rejected event");
        await docker.RunUnmanagedAsync("itest-unmanaged-secret");
        var before = await docker.SnapshotAsync();
        var managedBefore = (await docker.InspectAsync("itest-secret")).ID;

        var (exit, stdout, stderr) = await BundleAsync("--out", bed.Temp.File("pi-01.tar.gz"), "--tail", "50");

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("support bundle of pi-01", stdout, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(bed.Temp.File("pi-01.tar.gz")));
        var folder = Unpack(bed.Temp.File("pi-01.tar.gz"), bed.Temp.File("unpacked"));
        string[] expected = ["bundle.json", "device.json", "status.json", "events.jsonl", "agent.log", "apps/itest-secret/inspect.json", "apps/itest-secret/container.log"];
        Assert.All(expected, f => Assert.True(File.Exists(Path.Combine(folder, f)), $"{f} in {string.Join(", ", Directory.GetFiles(folder, "*", SearchOption.AllDirectories))}"));
        Assert.False(File.Exists(Path.Combine(folder, "problems.txt")), File.Exists(Path.Combine(folder, "problems.txt")) ? File.ReadAllText(Path.Combine(folder, "problems.txt")) : "");
        Assert.False(Directory.Exists(Path.Combine(folder, "apps", "itest-unmanaged-secret")));

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "bundle.json")));
        Assert.Equal("pi-01", summary.RootElement.GetProperty("device").GetString());
        Assert.True(summary.RootElement.GetProperty("complete").GetBoolean());
        Assert.Equal(expected.Length - 1, summary.RootElement.GetProperty("files").GetArrayLength());
        using var device = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "device.json")));
        Assert.Equal("pi-01", device.RootElement.GetProperty("device").GetString());
        Assert.False(string.IsNullOrEmpty(device.RootElement.GetProperty("dockerVersion").GetString()));
        Assert.Equal(1, device.RootElement.GetProperty("trustRootVersion").GetInt64());
        using var status = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "status.json")));
        Assert.Equal("pi-01", status.RootElement.GetProperty("deviceId").GetString());
        Assert.True(status.RootElement.GetProperty("apps").TryGetProperty("itest-secret", out _));
        var events = File.ReadAllLines(Path.Combine(folder, "events.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()).ToList();
        Assert.Contains("applied", events);
        Assert.Contains("rejected", events);
        Assert.Contains("starting as device pi-01", File.ReadAllText(Path.Combine(folder, "agent.log")), StringComparison.Ordinal);
        var appLog = File.ReadAllLines(Path.Combine(folder, "apps/itest-secret/container.log"));
        Assert.InRange(appLog.Length, 1, 50);
        Assert.All(appLog, l => Assert.Matches(@"^\S+ secret app line \d+$", l));
        using var inspect = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "apps/itest-secret/inspect.json")));
        Assert.Equal(managedBefore, inspect.RootElement.GetProperty("Id").GetString());
        var env = inspect.RootElement.GetProperty("Config").GetProperty("Env").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("DB_PASSWORD=<redacted>", env);
        Assert.Contains("\"DB_PASSWORD=<redacted>\"", File.ReadAllText(Path.Combine(folder, "apps/itest-secret/inspect.json")), StringComparison.Ordinal);
        Assert.All(env, e => Assert.EndsWith("=<redacted>", e, StringComparison.Ordinal));
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(Secret, File.ReadAllText(file), StringComparison.Ordinal);
        }

        // Nothing changed on the device, and it still answers.
        Assert.Equal(before, await docker.SnapshotAsync());
        Assert.Equal(managedBefore, (await docker.InspectAsync("itest-secret")).ID);
        var again = await BundleAsync("--out", bed.Temp.File("pi-01.tar.gz"), "--since", "1h");
        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        Assert.False(agent.HasExited, agent.Stderr);
        await DockerHost.EventuallyAsync(
            () => Task.FromResult(monitor.Received.Count(m => m.Topic.EndsWith("/events", StringComparison.Ordinal) && m.Payload.Contains("\"request-answered\"", StringComparison.Ordinal) && m.Payload.Contains("support bundle", StringComparison.Ordinal)) >= 2),
            Timeout,
            "two request-answered events for support bundles");
    }

    /// <summary>Unpacks with the system's tar, as the person the bundle is sent to would; returns the one folder inside.</summary>
    internal static string Unpack(string archive, string into)
    {
        Directory.CreateDirectory(into);
        using var tar = Process.Start(new ProcessStartInfo("tar", ["-xzf", archive, "-C", into]) { RedirectStandardError = true })!;
        var error = tar.StandardError.ReadToEnd();
        tar.WaitForExit();
        Assert.True(tar.ExitCode == 0, error);
        return Assert.Single(Directory.GetDirectories(into));
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> BundleAsync(params string[] args) => bed.AskPi01Async("support-bundle", args);

    private static string Manifest(int version, ECDsa key) => Encoding.UTF8.GetString(DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, Encoding.UTF8.GetBytes($$"""
        { "apiVersion": "edge/v1", "kind": "Manifest",
          "metadata": { "name": "bundle", "version": {{version}}, "issuedAt": "{{DateTimeOffset.UtcNow.AddMinutes(-1):yyyy-MM-ddTHH:mm:ssZ}}", "expiresAt": "2036-01-01T00:00:00Z", "target": { "devices": ["pi-01"] } },
          "spec": { "apps": { "itest-secret": { "image": "{{DockerHost.Image}}", "init": true, "stopGracePeriodSeconds": 1,
            "env": { "DB_PASSWORD": "{{Secret}}", "TZ": "UTC" },
            "healthcheck": { "test": ["CMD-SHELL", "true -u admin:{{Secret}} --password {{Secret}} http://admin:{{Secret}}@localhost/"], "intervalSeconds": 1 },
            "command": ["sh", "-c", "i=0; while true; do echo \"secret app line $i\"; i=$((i+1)); sleep 0.2; done", "--password={{Secret}}"] } } } }
        """), [key])));
}
