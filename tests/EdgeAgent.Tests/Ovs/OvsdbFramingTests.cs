using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using EdgeAgent.Ovs;

namespace EdgeAgent.Tests.Ovs;

/// <summary>
/// The OVSDB stream has no framing: replies may arrive split anywhere and several in one read, and
/// the server sends "echo" requests the client must answer. A scripted server on a unix socket
/// plays those cases against the real client.
/// </summary>
public sealed class OvsdbFramingTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"edgeagent-ovsdb-{Guid.NewGuid():N}.sock");
    private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    public OvsdbFramingTests()
    {
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
    }

    public void Dispose()
    {
        listener.Dispose();
        File.Delete(path);
    }

    [Fact]
    public async Task Split_and_merged_replies_and_echo_requests_are_handled()
    {
        var server = Task.Run(async () =>
        {
            using var peer = await listener.AcceptAsync();
            var buffer = new byte[4096];
            var request = Encoding.UTF8.GetString(buffer, 0, await peer.ReceiveAsync(buffer));
            Assert.Contains("\"method\":\"transact\"", request, StringComparison.Ordinal);

            // An echo request first, then the reply split in three writes, then a second reply for an unknown id.
            await peer.SendAsync(Encoding.UTF8.GetBytes("""{"method":"echo","params":["ping"],"id":"echo"}"""));
            var echoReply = Encoding.UTF8.GetString(buffer, 0, await peer.ReceiveAsync(buffer));
            Assert.Contains("\"result\":[\"ping\"]", echoReply, StringComparison.Ordinal);
            foreach (var part in new[] { "{\"id\":1,\"res", "ult\":[{\"rows\":[{\"name\":\"br{}\\\"0\"}]}],", "\"error\":null}{\"id\":99,\"result\":[],\"error\":null}" })
            {
                await peer.SendAsync(Encoding.UTF8.GetBytes(part));
                await Task.Delay(20);
            }
        });

        await using var connection = await OvsdbConnection.ConnectAsync("unix:" + path, CancellationToken.None);
        var result = await connection.CallAsync("transact", new JsonArray(JsonValue.Create("Open_vSwitch")), CancellationToken.None);
        Assert.Equal("br{}\"0", result[0].GetProperty("rows")[0].GetProperty("name").GetString());
        await server;
    }
}
