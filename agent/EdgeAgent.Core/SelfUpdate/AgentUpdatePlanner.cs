using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.SelfUpdate;

/// <summary>
/// Pure: whether the release named by the desired state (`spec.agent`) is installed on this device,
/// given the running version, the architecture and what the device remembers.
/// </summary>
public static class AgentUpdatePlanner
{
    public static AgentUpdateDecision Decide(AgentReleaseSpec? release, string running, string architecture, AgentReleaseState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (release is null || !ReleaseVersion.TryParse(release.Version, out var target))
        {
            return AgentUpdateDecision.Nothing; // an unparsable version never passes validation
        }

        var current = ReleaseVersion.TryParse(running, out var parsed) ? parsed : new ReleaseVersion(0, 0, 0, null);
        if (target.CompareTo(current) == 0)
        {
            return AgentUpdateDecision.Nothing;
        }

        if (state.Failed.TryGetValue(release.Version, out var failure))
        {
            return AgentUpdateDecision.Refused(release.Version, $"agent {release.Version} was rolled back on this device ({failure}); it is not tried again: publish a newer release");
        }

        if (!release.Images.TryGetValue(architecture, out var image) || !release.Sha256.TryGetValue(architecture, out var sha))
        {
            return AgentUpdateDecision.Refused(release.Version, $"spec.agent.images has no release for this device's architecture ({architecture})");
        }

        var floor = ReleaseVersion.TryParse(state.Floor, out var remembered) && remembered > current ? remembered : current;
        if (target < floor && !release.AllowDowngrade)
        {
            return AgentUpdateDecision.Refused(release.Version, $"agent {release.Version} is older than {floor} (running or installed here before): a downgrade needs spec.agent.allowDowngrade: true");
        }

        return new AgentUpdateDecision(AgentUpdateAction.Install, release.Version, image, sha, release.ProbationSeconds);
    }
}
