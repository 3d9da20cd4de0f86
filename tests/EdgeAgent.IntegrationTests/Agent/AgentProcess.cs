using System.Diagnostics;
using System.Text;

namespace EdgeAgent.IntegrationTests.Agent;

/// <summary>
/// Runs the real edge-agent program: the NativeAOT binary when EDGEAGENT_BIN names it (build/test.sh
/// does), otherwise the build output next to the tests.
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();

    private AgentProcess(IEnumerable<string> args, IDictionary<string, string>? environment, string program = "edge-agent", string? netns = null)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var binary = Environment.GetEnvironmentVariable(program == "edgectl" ? "EDGECTL_BIN" : "EDGEAGENT_BIN");
        if (netns is not null)
        {
            // Inside a network namespace the test created (a simulated device's network).
            start.FileName = "nsenter";
            start.ArgumentList.Add($"--net=/var/run/netns/{netns}");
            start.ArgumentList.Add("--");
        }

        if (!string.IsNullOrEmpty(binary))
        {
            Add(start, binary);
        }
        else
        {
            Add(start, "dotnet");
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, program + ".dll"));
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Stdout { get { lock (stdout) { return stdout.ToString(); } } }

    public string Stderr { get { lock (stderr) { return stderr.ToString(); } } }

    public int Pid => process.Id;

    public static AgentProcess Start(IEnumerable<string> args, IDictionary<string, string>? environment = null, string? netns = null) => new(args, environment, netns: netns);

    /// <summary>Starts edgectl (EDGECTL_BIN, or the build output) without waiting for it.</summary>
    public static AgentProcess StartEdgeCtl(IEnumerable<string> args) => new(args, null, "edgectl");

    public bool HasExited => process.HasExited;

    /// <summary>SIGKILL: the process gets no chance to clean up.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    private static void Add(ProcessStartInfo start, string program)
    {
        if (string.IsNullOrEmpty(start.FileName))
        {
            start.FileName = program;
        }
        else
        {
            start.ArgumentList.Add(program);
        }
    }

    /// <summary>Runs edgectl (EDGECTL_BIN, or the build output) to completion.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunEdgeCtlAsync(params string[] args)
    {
        using var edgectl = new AgentProcess(args, null, "edgectl");
        var exit = await edgectl.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (exit, edgectl.Stdout, edgectl.Stderr);
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null, int timeoutSeconds = 120, string? netns = null)
    {
        using var agent = Start(args, environment, netns);
        var exit = await agent.WaitForExitAsync(TimeSpan.FromSeconds(timeoutSeconds));
        return (exit, agent.Stdout, agent.Stderr);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"edge-agent did not exit within {timeout.TotalSeconds}s.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>SIGTERM, as systemd stops the unit.</summary>
    public Task<int> TerminateAsync(TimeSpan timeout) => SignalAsync("TERM", timeout);

    /// <summary>Sends <paramref name="signal"/> (INT, TERM...) and waits for the exit, failing the test after <paramref name="timeout"/>.</summary>
    public async Task<int> SignalAsync(string signal, TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync(timeout);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }
}
