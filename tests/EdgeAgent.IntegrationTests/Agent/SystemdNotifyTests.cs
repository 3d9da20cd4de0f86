using System.Net.Sockets;
using System.Text;

namespace EdgeAgent.IntegrationTests.Agent;

/// <summary>
/// Type=notify and the watchdog, as systemd sees them: a notify socket and a parent process named
/// "systemd" (a copy of sh that stays the agent's parent), which is how the hosting library decides
/// that it runs as a unit.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class SystemdNotifyTests(DockerHost docker) : EngineTest(docker)
{
    [Fact]
    public async Task Agent_signals_ready_pings_the_watchdog_and_logs_for_journald()
    {
        var socketPath = Temp.File("notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));

        var fakeSystemd = Temp.File("systemd");
        File.Copy("/bin/sh", fakeSystemd);
        var manifest = Temp.Write("manifest.json", Manifests.Stack());
        var config = Temp.AgentConfig(manifestFile: manifest, resyncSeconds: 3600, allowUnsigned: true);
        var agent = Environment.GetEnvironmentVariable("EDGEAGENT_BIN") is { Length: > 0 } bin
            ? $"'{bin}'"
            : $"dotnet '{Path.Combine(AppContext.BaseDirectory, "edge-agent.dll")}'";

        using var parent = new System.Diagnostics.Process
        {
            StartInfo = new System.Diagnostics.ProcessStartInfo(fakeSystemd, ["-c", $"{agent} run --config '{config}'; true"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                Environment = { ["NOTIFY_SOCKET"] = socketPath, ["WATCHDOG_USEC"] = "2000000" },
            },
        };
        var output = new StringBuilder();
        parent.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        parent.Start();
        parent.BeginOutputReadLine();
        try
        {
            var messages = new List<string>();
            var buffer = new byte[4096];
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!(messages.Contains("READY=1") && messages.Count(m => m == "WATCHDOG=1") >= 3))
            {
                var received = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
                messages.AddRange(Encoding.UTF8.GetString(buffer, 0, received).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }

            await DockerHost.EventuallyAsync(async () => (await Engine.ManagedContainersAsync()).Count == 3, TimeSpan.FromSeconds(30), "the unit converges the device");
            lock (output)
            {
                Assert.Matches(@"(?m)^<6>", output.ToString());
            }
        }
        finally
        {
            using var kill = System.Diagnostics.Process.Start("pkill", ["-TERM", "-P", parent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            await parent.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token);
        }
    }
}
