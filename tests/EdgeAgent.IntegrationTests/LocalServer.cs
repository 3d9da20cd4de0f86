using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests;

/// <summary>
/// What the fixtures that run a real server process (mosquitto, nats-server) share: a free loopback
/// port, the real edgectl for their PKI, waiting until the server listens, and stopping it.
/// </summary>
internal static class LocalServer
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs the real edgectl; a failure fails the fixture with edgectl's output.</summary>
    public static async Task EdgeCtlAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await AgentProcess.RunEdgeCtlAsync(args);
        if (exit != 0)
        {
            throw new InvalidOperationException($"edgectl {string.Join(' ', args)} failed: {stdout}{stderr}");
        }
    }

    /// <summary>Whether something accepted a connection on 127.0.0.1:<paramref name="port"/> within <paramref name="within"/>.</summary>
    public static async Task<bool> ListensAsync(int port, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }

    /// <summary>Kills the server if it still runs, waits for it to go, and releases it.</summary>
    public static async Task KillAsync(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process?.Dispose();
    }
}
