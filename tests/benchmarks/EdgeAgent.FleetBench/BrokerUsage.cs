using System.Globalization;

namespace EdgeAgent.FleetBench;

/// <summary>
/// The broker processes' CPU time and resident memory, sampled from /proc twice a second. The
/// processes are named by pid files, read again on every sample: a restarted broker has a new pid,
/// and the CPU it used before the restart still counts.
/// </summary>
internal sealed class BrokerUsage : IAsyncDisposable
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly IReadOnlyList<string> pidFiles;
    private readonly Dictionary<int, long> lastTicks = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private readonly Lock gate = new();
    private long totalTicks;
    private long peakRssKiB;

    public BrokerUsage(IReadOnlyList<string> pidFiles)
    {
        this.pidFiles = pidFiles;
        Sample();
        sampling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(500).ConfigureAwait(false);
                Sample();
            }
        });
    }

    /// <summary>CPU seconds used since the start, and the largest resident set seen since the last <see cref="Mark"/>.</summary>
    public (double CpuSeconds, double PeakRssMiB) Mark()
    {
        Sample();
        lock (gate)
        {
            var result = (totalTicks / TicksPerSecond, peakRssKiB / 1024.0);
            peakRssKiB = 0;
            return result;
        }
    }

    private void Sample()
    {
        long rss = 0;
        lock (gate)
        {
            foreach (var file in pidFiles)
            {
                if (!int.TryParse(Read(file), CultureInfo.InvariantCulture, out var pid) || Read($"/proc/{pid}/stat") is not { } stat)
                {
                    continue;
                }

                // Fields after the command name "(...)": state is the 3rd, utime and stime the 14th and 15th.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                totalTicks += ticks - lastTicks.GetValueOrDefault(pid);
                lastTicks[pid] = ticks;
                rss += ResidentKiB(pid);
            }

            peakRssKiB = Math.Max(peakRssKiB, rss);
        }
    }

    private static long ResidentKiB(int pid) =>
        Read($"/proc/{pid}/status")?.Split('\n').FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) is { } line
            ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)
            : 0;

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await sampling.ConfigureAwait(false);
        stop.Dispose();
    }
}
