using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.SelfUpdate;

namespace EdgeAgent.Core.Tests.SelfUpdate;

/// <summary>Table tests of the pure decision whether a named agent release is installed here.</summary>
public sealed class AgentUpdatePlannerTests
{
    private const string Image = "registry.example/edge-agent@sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static readonly string Sha = new('c', 64);

    private static AgentReleaseSpec Release(string version, bool allowDowngrade = false, string arch = "amd64") => new()
    {
        Version = version,
        Images = new Dictionary<string, string> { [arch] = Image },
        Sha256 = new Dictionary<string, string> { [arch] = Sha },
        ProbationSeconds = 45,
        AllowDowngrade = allowDowngrade,
    };

    public sealed record ReleaseCase(string Name, AgentReleaseSpec? Release, string Running, string? Floor, string? Failed, AgentUpdateAction Expected, string? ReasonContains = null)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<ReleaseCase> Cases() => new()
    {
        new("no release named", null, "1.0.0", null, null, AgentUpdateAction.None),
        new("the running version", Release("1.0.0"), "1.0.0", null, null, AgentUpdateAction.None),
        new("the running version with build metadata", Release("1.0.0"), "1.0.0+abc", null, null, AgentUpdateAction.None),
        new("a newer release", Release("1.1.0"), "1.0.0", null, null, AgentUpdateAction.Install),
        new("a release candidate of the next version", Release("1.1.0-rc.1"), "1.0.0", null, null, AgentUpdateAction.Install),
        new("an older release", Release("0.9.0"), "1.0.0", null, null, AgentUpdateAction.Refuse, "allowDowngrade"),
        new("an older release, allowed", Release("0.9.0", allowDowngrade: true), "1.0.0", null, null, AgentUpdateAction.Install),
        new("the release candidate of the running version", Release("1.0.0-rc.2"), "1.0.0", null, null, AgentUpdateAction.Refuse, "older than 1.0.0"),
        new("below the floor though above the running (a reinstalled old package)", Release("1.1.0"), "1.0.0", "1.2.0", null, AgentUpdateAction.Refuse, "older than 1.2.0"),
        new("the floor itself, from an older running package", Release("1.2.0"), "1.0.0", "1.2.0", null, AgentUpdateAction.Install),
        new("a floor below the running version does not matter", Release("1.1.0"), "1.0.0", "0.5.0", null, AgentUpdateAction.Install),
        new("a version rolled back here before", Release("1.1.0"), "1.0.0", null, "1.1.0", AgentUpdateAction.Refuse, "not tried again"),
        new("a newer version after a rolled-back one", Release("1.1.1"), "1.0.0", null, "1.1.0", AgentUpdateAction.Install),
        new("a rolled-back version even with allowDowngrade", Release("0.9.0", allowDowngrade: true), "1.0.0", null, "0.9.0", AgentUpdateAction.Refuse, "rolled back"),
        new("no image for this architecture", Release("1.1.0", arch: "arm64"), "1.0.0", null, null, AgentUpdateAction.Refuse, "architecture (amd64)"),
        new("an unparsable running version counts as the oldest", Release("0.0.1"), "unknown", null, null, AgentUpdateAction.Install),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides(ReleaseCase c)
    {
        var state = new AgentReleaseState { Floor = c.Floor };
        if (c.Failed is { } failed)
        {
            state.Failed[failed] = "exited with status 70 during probation";
        }

        var decision = AgentUpdatePlanner.Decide(c.Release, c.Running, "amd64", state);

        Assert.Equal(c.Expected, decision.Action);
        if (c.ReasonContains is { } reason)
        {
            Assert.Contains(reason, decision.Reason, StringComparison.Ordinal);
        }

        if (decision.Action == AgentUpdateAction.Install)
        {
            Assert.Equal((c.Release!.Version, Image, Sha, 45), (decision.Version, decision.Image, decision.Sha256, decision.ProbationSeconds));
        }
    }
}
