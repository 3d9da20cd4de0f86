using System.Security.Cryptography;
using System.Text;

namespace EdgeAgent.Core.Rollouts;

/// <summary>
/// Which devices each wave of a rollout moves, chosen deterministically: the group's devices ordered
/// by SHA-256 of the rollout's name and the device id (the same rollout always picks the same
/// canaries, and different rollouts spread the first-wave risk over different devices), unless the
/// first wave is listed by hand. Waves are cumulative sizes; the last one always reaches every device.
/// </summary>
public static class WavePlan
{
    public static IReadOnlyList<IReadOnlyList<string>> Compute(string rollout, IReadOnlyCollection<string> devices, IReadOnlyList<WaveSize> waves, IReadOnlyCollection<string>? firstWave = null)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(waves);
        var first = (firstWave ?? []).Where(devices.Contains).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var ordered = first.Concat(devices.Distinct(StringComparer.Ordinal).Except(first, StringComparer.Ordinal)
            .OrderBy(d => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{rollout}\n{d}"))), StringComparer.Ordinal)
            .ThenBy(d => d, StringComparer.Ordinal)).ToList();

        var plan = new List<IReadOnlyList<string>>();
        var reached = 0;
        var sizes = first.Count > 0 ? [new WaveSize(first.Count, IsShare: false), .. waves] : waves;
        foreach (var size in sizes.Append(new WaveSize(100, IsShare: true)))
        {
            var upTo = Math.Max(size.Of(ordered.Count), reached);
            if (upTo > reached)
            {
                plan.Add(ordered[reached..upTo]);
                reached = upTo;
            }
        }

        return plan;
    }
}
