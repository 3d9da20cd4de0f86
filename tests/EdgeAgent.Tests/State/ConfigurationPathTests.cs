using System.Diagnostics;
using EdgeAgent.Configuration;
using EdgeAgent.Testing;

namespace EdgeAgent.Tests.State;

/// <summary>Every file key of agent.json, pointed at each kind of special file, is refused naming the key (never read, never a hang).</summary>
public sealed class ConfigurationPathTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public static TheoryData<string, string> KeysAndKinds()
    {
        var data = new TheoryData<string, string>();
        foreach (var key in new[] { "trustRoot", "manifestFile", "broker.caFile", "broker.certFile", "broker.keyFile" })
        {
            foreach (var kind in new[] { "directory", "FIFO", "character device", "socket" })
            {
                data.Add(key, kind);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KeysAndKinds))]
    public void A_file_key_naming_a_special_file_is_refused_with_the_key(string key, string kind)
    {
        var special = kind switch
        {
            "directory" => temp.Path,
            "FIFO" => Fifo(),
            "character device" => "/dev/zero",
            _ => Socket(),
        };

        var files = new Dictionary<string, string>
        {
            ["trustRoot"] = temp.Write("root.json", "{}"),
            ["manifestFile"] = temp.Write("m.json", "{}"),
            ["broker.caFile"] = temp.Write("ca.pem", "x"),
            ["broker.certFile"] = temp.Write("cert.pem", "x"),
            ["broker.keyFile"] = temp.Write("key.pem", "x"),
        };
        files[key] = special;
        var config = temp.Write("agent.json", $$"""
            { "deviceId": "pi-01", "stateDir": "{{temp.File("state")}}", "trustRoot": "{{files["trustRoot"]}}", "manifestFile": "{{files["manifestFile"]}}",
              "broker": { "url": "mqtts://localhost:8883", "caFile": "{{files["broker.caFile"]}}", "certFile": "{{files["broker.certFile"]}}", "keyFile": "{{files["broker.keyFile"]}}" } }
            """);

        var ex = Assert.Throws<ConfigurationException>(() => AgentConfiguration.Load(config));
        Assert.Contains($"{key}: {special} is {(kind == "directory" ? "a directory" : "a " + kind)}", ex.Message, StringComparison.Ordinal);
    }

    private string Fifo()
    {
        var path = temp.File("special.fifo");
        if (!File.Exists(path))
        {
            using var mkfifo = Process.Start("mkfifo", [path]);
            mkfifo.WaitForExit();
        }

        return path;
    }

    private System.Net.Sockets.Socket? listener;

    /// <summary>A unix socket of the test's own, listening (as the Docker or OVSDB socket would be).</summary>
    private string Socket()
    {
        var path = temp.File("special.sock");
        listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        listener.Listen();
        return path;
    }

    public void Dispose()
    {
        listener?.Dispose();
        temp.Dispose();
    }
}
