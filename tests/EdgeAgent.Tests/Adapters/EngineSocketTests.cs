using System.Net.Sockets;
using EdgeAgent.Docker.Engine;
using EdgeAgent.Testing;

namespace EdgeAgent.Tests.Adapters;

/// <summary>
/// An engine socket that cannot be reached is named with what it means, not the socket layer's
/// "Cannot assign requested address": the operator reads this in the journal.
/// </summary>
public sealed class EngineSocketTests
{
    [Fact]
    public async Task A_missing_socket_says_so_and_names_the_path()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "docker.sock");

        var error = await PingAsync(path);

        Assert.Contains($"Docker engine socket {path}: no such socket", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_and_a_file_that_is_no_socket_are_refused_connections()
    {
        using var dir = new TempDirectory();
        var stale = Path.Combine(dir.Path, "stale.sock");
        using var bound = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        bound.Bind(new UnixDomainSocketEndPoint(stale)); // a socket file that nothing listens on

        var regular = Path.Combine(dir.Path, "regular");
        await File.WriteAllTextAsync(regular, "not a socket");

        foreach (var path in new[] { stale, regular })
        {
            Assert.Contains($"Docker engine socket {path}: connection refused", await PingAsync(path), StringComparison.Ordinal);
        }
    }

    private static async Task<string> PingAsync(string path)
    {
        using var client = EngineSocket.CreateClient(new Uri("unix://" + path));
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("_ping", UriKind.Relative)));
        return ex.Message;
    }
}
