using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;
using EdgeCtl.Authorization;
using EdgeCtl.Fleet;

namespace EdgeCtl.Rollouts;

/// <summary>
/// Which devices a rollout moves (README "Rolling out"): the operator's word, never a device's. A
/// device's status names the groups it says it is in, and any device can say anything there; the
/// device list the broker's authorization is generated from (`edgectl broker authorization
/// --devices`) is what the operator controls, so it decides. Where the two disagree the device is
/// shown and left out: one that claims the group without being listed could not even read the
/// group's topics, and one listed whose status names only other groups is not configured to follow
/// the rollout topic, so either would only time out and halt the wave.
/// </summary>
internal sealed record RolloutMembers(IReadOnlyList<string> Devices, IReadOnlyList<string> Disagreements)
{
    /// <summary>The group's devices by the list <paramref name="listFile"/> and/or <paramref name="named"/> (both: the named ones, each of which the list must put in the group).</summary>
    public static IReadOnlyList<string> Chosen(string group, string? listFile, IReadOnlyList<string> named)
    {
        ArgumentNullException.ThrowIfNull(named);
        if (listFile is null)
        {
            return named.Count > 0
                ? [.. named.Distinct(StringComparer.Ordinal)]
                : throw CliException.Usage($"--devices FILE (the device list `edgectl broker authorization --devices` reads) or --device ID is required: a rollout moves the devices the operator puts in group {group}, never those whose own status claims it");
        }

        var listed = DeviceList.Read(listFile).Where(m => m.Groups.Contains(group, StringComparer.Ordinal)).Select(m => m.Device).ToList();
        foreach (var device in named.Where(d => !listed.Contains(d, StringComparer.Ordinal)))
        {
            throw CliException.Usage($"--device: {device} is not in group {group} in {listFile}");
        }

        return named.Count > 0 ? [.. named.Distinct(StringComparer.Ordinal)] : listed;
    }

    /// <summary>The chosen devices less those whose status disagrees, and a line for each device whose status disagrees with the operator's list.</summary>
    public static RolloutMembers Reconcile(string group, IReadOnlyList<string> chosen, IReadOnlyList<FleetDevice> fleet)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(fleet);
        var lines = new List<string>();
        var left = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in fleet.Where(d => d.Status is not null))
        {
            var status = device.Status!;
            var member = chosen.Contains(device.DeviceId, StringComparer.Ordinal);
            var claims = status.Groups.Contains(group, StringComparer.Ordinal)
                || status.Streams.ContainsKey(Topics.GroupDesired(group))
                || status.Streams.ContainsKey(Topics.DeviceRollout(device.DeviceId, group));
            if (!member && claims)
            {
                lines.Add($"{device.DeviceId} reports group {group} but the operator's list does not put it there: not part of the rollout");
            }
            else if (member && status.Groups.Count > 0 && !status.Groups.Contains(group, StringComparer.Ordinal))
            {
                // An agent older than `groups` in status reports none: that is no disagreement.
                lines.Add($"{device.DeviceId} is in group {group} by the operator's list but reports groups [{string.Join(", ", status.Groups.Select(TextRules.Quote))}]: left out (fix its configuration or the list)");
                left.Add(device.DeviceId);
            }
        }

        return new RolloutMembers([.. chosen.Where(d => !left.Contains(d))], lines);
    }
}
