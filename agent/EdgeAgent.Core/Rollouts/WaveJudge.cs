namespace EdgeAgent.Core.Rollouts;

/// <summary>
/// Pure: judges one wave from its devices' states and since when each has been healthy. The failure
/// threshold rounds down (5% of a one-device canary tolerates no failure), and a wave where every
/// device failed halts whatever the threshold; a device must stay healthy
/// for the whole health period, so a device that flaps starts its period again.
/// </summary>
public static class WaveJudge
{
    public static WaveVerdict Judge(
        IReadOnlyDictionary<string, WaveDeviceState> devices,
        IReadOnlyDictionary<string, DateTimeOffset> healthySince,
        TimeSpan healthPeriod,
        WaveSize maxFailures,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(healthySince);
        var failed = devices.Count(d => d.Value == WaveDeviceState.Failed);
        var tolerated = maxFailures.IsShare ? (int)Math.Floor(devices.Count * maxFailures.Amount / 100 + 1e-9) : (int)maxFailures.Amount;
        if (failed > tolerated || (failed > 0 && failed == devices.Count))
        {
            return WaveVerdict.Halt;
        }

        var settled = devices.Where(d => d.Value != WaveDeviceState.Failed).All(d =>
            d.Value == WaveDeviceState.Healthy && healthySince.TryGetValue(d.Key, out var since) && now - since >= healthPeriod);
        return settled ? WaveVerdict.Advance : WaveVerdict.Wait;
    }

    /// <summary>The next healthy-since record: kept while a device stays healthy, started when it becomes so, dropped when it stops.</summary>
    public static Dictionary<string, DateTimeOffset> Track(IReadOnlyDictionary<string, WaveDeviceState> devices, IReadOnlyDictionary<string, DateTimeOffset> healthySince, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(healthySince);
        return devices.Where(d => d.Value == WaveDeviceState.Healthy)
            .ToDictionary(d => d.Key, d => healthySince.TryGetValue(d.Key, out var since) ? since : now, StringComparer.Ordinal);
    }
}
