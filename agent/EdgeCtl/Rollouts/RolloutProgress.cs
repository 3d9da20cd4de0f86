using System.Globalization;
using System.Text;
using EdgeAgent.Core.Rollouts;
using EdgeAgent.Core.Wire;

namespace EdgeCtl.Rollouts;

/// <summary>
/// A rollout for people: one line while driving it, a table of its waves for `rollout status`. The
/// record is retained text anyone with the operator identity may have written: its strings are
/// escaped for the terminal (<see cref="TerminalText"/>).
/// </summary>
internal static class RolloutProgress
{
    private static readonly WaveDeviceState[] Order = [WaveDeviceState.Healthy, WaveDeviceState.Applied, WaveDeviceState.Pending, WaveDeviceState.Failed];

    /// <summary>"wave 2/4 (5 devices): 3 healthy, 1 applied, 1 pending, 0 failed; 6 of 50 reached".</summary>
    public static string Line(RolloutRecord record, IReadOnlyDictionary<string, WaveDeviceState> states)
    {
        ArgumentNullException.ThrowIfNull(record);
        var wave = record.Waves[record.Wave];
        var reached = record.Reached.Count();
        var total = record.AllDevices.Count();
        return $"{TerminalText.Escape(record.Id)}: {Phase(record.Phase)}, wave {record.Wave + 1}/{record.Waves.Count} ({Devices(wave.Count)}): {Counts(wave, states)}; {reached} of {total} reached";
    }

    public static string Table(RolloutRecord record, IReadOnlyDictionary<string, WaveDeviceState> states, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"rollout {TerminalText.Escape(record.Id)}: group {TerminalText.Escape(record.Group)} v{record.PreviousVersion?.ToString(CultureInfo.InvariantCulture) ?? "?"} -> v{record.Version}, {Phase(record.Phase)}");
        text.Append(CultureInfo.InvariantCulture, $" (health {record.HealthSeconds}s, max failures {TerminalText.Escape(record.MaxFailures)} per wave, wave timeout {record.WaveTimeoutSeconds}s)\n");
        text.Append(CultureInfo.InvariantCulture, $"started {Time(record.StartedAt)}, updated {Time(record.UpdatedAt)} ({Ago(now - record.UpdatedAt)} ago)\n");
        for (var i = 0; i < record.Waves.Count; i++)
        {
            var wave = record.Waves[i];
            var where = i < record.Wave || (i == record.Wave && record.Phase == RolloutPhase.Completed) ? "passed"
                : i == record.Wave ? (record.Phase == RolloutPhase.Halted ? "halted" : record.IsFinished ? Phase(record.Phase) : "current")
                : "waiting";
            text.Append(CultureInfo.InvariantCulture, $"  wave {i + 1,-3} {Devices(wave.Count),-12} {where,-8} {(where == "waiting" ? "" : Counts(wave, states))}\n");
        }

        if (record.Failed.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"failed: {TerminalText.Escape(string.Join(", ", record.Failed))}\n");
        }

        if (record.Message is { } message)
        {
            text.Append(TerminalText.Escape(message)).Append('\n');
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>The phase's wire name; a phase written by a newer edgectl, as itself.</summary>
    public static string Phase(RolloutPhase phase) => OpenEnums.Code(phase);

    private static string Counts(IReadOnlyList<string> wave, IReadOnlyDictionary<string, WaveDeviceState> states)
    {
        var counts = wave.GroupBy(d => states.GetValueOrDefault(d, WaveDeviceState.Pending)).ToDictionary(g => g.Key, g => g.Count());
        return string.Join(", ", Order.Select(s => $"{counts.GetValueOrDefault(s)} {s.ToString().ToLowerInvariant()}"));
    }

    private static string Devices(int count) => count == 1 ? "1 device" : $"{count} devices";

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Ago(TimeSpan span) =>
        span < TimeSpan.Zero ? "0s" : span.TotalSeconds < 120 ? $"{(int)span.TotalSeconds}s" : span.TotalMinutes < 120 ? $"{(int)span.TotalMinutes}m" : $"{(int)span.TotalHours}h";
}
