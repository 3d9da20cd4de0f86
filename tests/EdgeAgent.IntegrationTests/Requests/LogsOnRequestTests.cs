using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Requests;
using EdgeAgent.IntegrationTests.Mqtt;

namespace EdgeAgent.IntegrationTests.Requests;

/// <summary>
/// Logs without SSH: `edgectl logs` (the real program) against the real agent as pi-01 on a real
/// mosquitto and dockerd; signed, fresh, once-only requests, answered only for managed apps, and a
/// device that can neither read nor ask another device's logs.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class LogsOnRequestTests(DockerHost docker, MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly RequestBed bed = new(broker, docker);

    public Task InitializeAsync() => bed.StartAsync();

    public Task DisposeAsync() => bed.DisposeAsync().AsTask();

    [Fact]
    public async Task Logs_arrive_for_managed_apps_and_bad_requests_are_refused_and_reported()
    {
        await using var monitor = await bed.ConnectAsync("edge-monitor");
        await monitor.SubscribeAsync("edge/v1/devices/pi-01/status");
        await monitor.SubscribeAsync("edge/v1/devices/pi-01/events");
        using var agent = bed.StartAgent();
        await bed.PublishAsOperatorAsync("edge/v1/devices/pi-01/desired", Encoding.UTF8.GetString(DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, Encoding.UTF8.GetBytes($$"""
            { "apiVersion": "edge/v1", "kind": "Manifest",
              "metadata": { "name": "logs", "version": 1, "issuedAt": "{{DateTimeOffset.UtcNow.AddMinutes(-1):yyyy-MM-ddTHH:mm:ssZ}}", "expiresAt": "2036-01-01T00:00:00Z", "target": { "devices": ["pi-01"] } },
              "spec": { "apps": { "itest-logger": { "image": "{{DockerHost.Image}}", "init": true, "stopGracePeriodSeconds": 1,
                "command": ["sh", "-c", "i=0; while true; do echo \"logger line $i\"; i=$((i+1)); sleep 0.2; done"] } } } }
            """), [bed.Trust.ManifestsKey]))));
        await DockerHost.EventuallyAsync(
            () => Task.FromResult(monitor.Received.Any(m => m.Topic.EndsWith("/status", StringComparison.Ordinal) && m.Payload.Contains("\"converged\":true", StringComparison.Ordinal) && m.Payload.Contains("itest-logger", StringComparison.Ordinal))),
            Timeout,
            $"pi-01 converged\n{agent.Stdout}\n{agent.Stderr}");

        var app = await LogsAsync("--app", "itest-logger", "--tail", "5");
        Assert.True(app.ExitCode == 0, app.Stdout + app.Stderr);
        var lines = app.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 1, 5);
        Assert.All(lines, l => Assert.Matches(@"^\[app itest-logger\] \S+ logger line \d+$", l));

        var own = await LogsAsync("--app", "agent");
        Assert.True(own.ExitCode == 0 && own.Stdout.Contains("[agent]", StringComparison.Ordinal) && own.Stdout.Contains("starting as device pi-01", StringComparison.Ordinal), own.Stdout + own.Stderr);

        var unmanaged = await LogsAsync("--app", "dockerd");
        Assert.True(unmanaged.ExitCode == 1 && unmanaged.Stderr.Contains("not an app this agent manages", StringComparison.Ordinal), unmanaged.Stdout + unmanaged.Stderr);

        // Refused, answered with the reason on the response topic, and reported as an event.
        var fresh = Request("req-replayed-01");
        Assert.Null(await AskAsync("req-replayed-01", Sign(fresh, bed.Trust.RequestsKey)));
        Assert.Equal("request-replayed", await AskAsync("req-replayed-01", Sign(fresh, bed.Trust.RequestsKey)));
        Assert.Equal("signature-threshold-not-met", await AskAsync("req-unsigned-01", Sign(Request("req-unsigned-01"), bed.Trust.ManifestsKey)));
        Assert.Equal("expired", await AskAsync("req-expired-01", Sign(Request("req-expired-01", issued: DateTimeOffset.UtcNow.AddMinutes(-10), expires: DateTimeOffset.UtcNow.AddMinutes(-1)), bed.Trust.RequestsKey)));
        Assert.Equal("wrong-target", await AskAsync("req-for-pi02-01", Sign(Request("req-for-pi02-01", device: "pi-02"), bed.Trust.RequestsKey)));
        await DockerHost.EventuallyAsync(
            () => Task.FromResult(monitor.Received.Count(m => m.Topic.EndsWith("/events", StringComparison.Ordinal) && m.Payload.Contains("\"request-refused\"", StringComparison.Ordinal)) >= 4),
            Timeout,
            "four request-refused events");

        // Another device can neither ask pi-01 nor read its answers.
        await using var pi02 = await bed.ConnectAsync("pi-02");
        await pi02.SubscribeAsync("edge/v1/devices/pi-01/responses/+");
        Assert.Equal(MQTTnet.MqttClientPublishReasonCode.NotAuthorized, await pi02.PublishAsync("edge/v1/devices/pi-01/requests", Encoding.UTF8.GetString(Sign(Request("req-from-pi02-1"), bed.Trust.RequestsKey)), retain: false));
        Assert.Null(await AskAsync("req-peeked-0001", Sign(Request("req-peeked-0001"), bed.Trust.RequestsKey)));
        await Task.Delay(500);
        Assert.Empty(pi02.Received);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> LogsAsync(params string[] args) => bed.AskPi01Async("logs", args);

    private static string Request(string id, string device = "pi-01", DateTimeOffset? issued = null, DateTimeOffset? expires = null) =>
        JsonSerializer.Serialize(
            new OperatorRequest
            {
                ApiVersion = "edge/v1",
                Kind = "Request",
                Id = id,
                Device = device,
                IssuedAt = issued ?? DateTimeOffset.UtcNow,
                ExpiresAt = expires ?? DateTimeOffset.UtcNow.AddMinutes(2),
                Action = RequestAction.Logs,
                Logs = new LogsQuery { App = "agent", Tail = 3 },
            },
            RequestJsonContext.Default.OperatorRequest);

    private static byte[] Sign(string json, ECDsa key) => DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Request, Encoding.UTF8.GetBytes(json), [key]));

    /// <summary>Sends a request as the operator and returns the final chunk's error code (null: answered).</summary>
    private async Task<string?> AskAsync(string id, byte[] envelope)
    {
        await using var operatorClient = await bed.ConnectAsync("edge-operator");
        await operatorClient.SubscribeAsync($"edge/v1/devices/pi-01/responses/{id}");
        await operatorClient.PublishAsync("edge/v1/devices/pi-01/requests", Encoding.UTF8.GetString(envelope), retain: false);
        ResponseChunk? final = null;
        await DockerHost.EventuallyAsync(
            () =>
            {
                final = operatorClient.Received.Select(m => JsonSerializer.Deserialize(m.Payload, RequestJsonContext.Default.ResponseChunk)).FirstOrDefault(c => c?.Final == true);
                return Task.FromResult(final is not null);
            },
            TimeSpan.FromSeconds(30),
            $"the final answer to {id}");
        return final!.Error;
    }
}
