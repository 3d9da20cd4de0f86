using System.Text.RegularExpressions;

namespace EdgeAgent.Core.Manifests;

/// <summary>The agent release (`spec.agent`).</summary>
public static partial class ManifestValidator
{
    private static void ValidateAgent(AgentReleaseSpec? agent, Action<string, string> error)
    {
        if (agent is null)
        {
            return;
        }

        const string Path = "$.spec.agent";
        if (!ReleaseVersionPattern().IsMatch(agent.Version))
        {
            error(Path + ".version", "must be a version like 1.4.0 or 1.4.0-rc.1 (at most 64 characters)");
        }

        if (agent.Images.Count == 0)
        {
            error(Path + ".images", "must name the release image of at least one architecture");
        }

        foreach (var (arch, image) in agent.Images)
        {
            if (!AgentReleaseSpec.Architectures.Contains(arch))
            {
                error($"{Path}.images.{arch}", $"unknown architecture; one of {string.Join(", ", AgentReleaseSpec.Architectures)}");
            }
            else if (!ImageReference.IsValid(image) || !ImageReference.IsPinned(image) || ImageReference.IsImageId(image))
            {
                error($"{Path}.images.{arch}", "must be an image reference pinned by digest (name@sha256:...): a release is exactly one content");
            }

            if (!agent.Sha256.TryGetValue(arch, out var sha) || !Sha256Pattern().IsMatch(sha))
            {
                error($"{Path}.sha256.{arch}", "must be the binary's SHA-256, 64 lowercase hex digits (build/agent-release.sh prints it)");
            }
        }

        foreach (var arch in agent.Sha256.Keys.Where(a => !agent.Images.ContainsKey(a)))
        {
            error($"{Path}.sha256.{arch}", "has no release image in images");
        }

        if (agent.ProbationSeconds is < AgentReleaseSpec.MinProbationSeconds or > AgentReleaseSpec.MaxProbationSeconds)
        {
            error(Path + ".probationSeconds", $"must be between {AgentReleaseSpec.MinProbationSeconds} and {AgentReleaseSpec.MaxProbationSeconds}");
        }
    }

    [GeneratedRegex(@"^(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})(-[0-9A-Za-z.-]{1,40})?\z")]
    private static partial Regex ReleaseVersionPattern();

    [GeneratedRegex(@"^[0-9a-f]{64}\z")]
    private static partial Regex Sha256Pattern();
}
