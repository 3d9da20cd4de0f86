using System.Text.Json;
using EdgeAgent.IntegrationTests.Agent;
using EdgeAgent.IntegrationTests.Mqtt;

namespace EdgeAgent.IntegrationTests.Requests;

/// <summary>
/// A device's answer whose chunks carry no `lines` (an older or newer agent, or a hostile one), read by the real
/// edgectl logs and support-bundle on a real mosquitto: such a chunk is an empty one (the others' lines kept, the
/// final chunk's message shown), never a NullReferenceException's stack trace.
/// </summary>
public sealed class ChunkWithoutLinesTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private readonly RequestBed bed = new(broker);

    public async Task InitializeAsync()
    {
        await bed.StartAsync();
        Directory.CreateDirectory(bed.Temp.File("out"));
    }

    public Task DisposeAsync() => bed.DisposeAsync().AsTask();

    [Theory]
    [InlineData("logs")]
    [InlineData("support-bundle")]
    public async Task Chunks_without_lines_read_as_empty(string command)
    {
        await using var device = await bed.ConnectAsync("pi-01");
        await device.SubscribeAsync("edge/v1/devices/pi-01/requests");
        string[] extra = command == "logs" ? [] : ["--out", bed.Temp.File("out/pi-01.tar.gz")];
        using var edgectl = AgentProcess.StartEdgeCtl(bed.OperatorArguments([command, "--device", "pi-01", "--sign-key", bed.Temp.File("request.pem"), .. extra]));
        await DockerHost.EventuallyAsync(() => Task.FromResult(!device.Received.IsEmpty), TimeSpan.FromSeconds(20), $"the request\n{edgectl.Stderr}");
        var id = RequestId(device.Received.First().Payload);
        var topic = $"edge/v1/devices/pi-01/responses/{id}";

        var source = command == "logs" ? "agent" : "file agent.log";
        await device.PublishAsync(topic, $$"""{"requestId":"{{id}}","seq":0,"source":"{{source}}"}""", retain: false);
        await device.PublishAsync(topic, $$"""{"requestId":"{{id}}","seq":1,"source":"{{source}}","lines":["kept line"]}""", retain: false);
        await device.PublishAsync(topic, $$"""{"requestId":"{{id}}","seq":2,"final":true,"message":"that was all"}""", retain: false);

        var exit = await edgectl.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, edgectl.Stdout + edgectl.Stderr);
        Assert.DoesNotContain("   at ", edgectl.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", edgectl.Stderr, StringComparison.Ordinal);
        if (command == "logs")
        {
            Assert.Equal("[agent] kept line", edgectl.Stdout.Trim());
            Assert.Contains("that was all", edgectl.Stderr, StringComparison.Ordinal);
        }
        else
        {
            var folder = SupportBundleTests.Unpack(bed.Temp.File("out/pi-01.tar.gz"), bed.Temp.File("unpacked"));
            Assert.Equal("kept line", File.ReadAllText(Path.Combine(folder, "agent.log")).Trim());
        }
    }

    private static string RequestId(string envelope)
    {
        using var outer = JsonDocument.Parse(envelope);
        using var inner = JsonDocument.Parse(Convert.FromBase64String(outer.RootElement.GetProperty("payload").GetString()!));
        return inner.RootElement.GetProperty("id").GetString()!;
    }
}
