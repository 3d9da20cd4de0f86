using EdgeAgent.Core.Intake;

namespace EdgeCtl.Authorization;

/// <summary>
/// The per-device part of broker-config/edgeagent.acl: mosquitto's patterns (%u) cover every
/// device's own topics, so only group memberships need a block per device.
/// </summary>
internal static class MosquittoGroupLines
{
    public static IEnumerable<string> For(FleetMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (member.Groups.Count == 0)
        {
            yield break;
        }

        yield return $"user {member.Device}";
        foreach (var group in member.Groups)
        {
            yield return $"topic read {Topics.GroupDesired(group)}";
        }
    }
}
