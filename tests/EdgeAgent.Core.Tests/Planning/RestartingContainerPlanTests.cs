using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Planning;
using EdgeAgent.Core.Tests.Reconciliation;

namespace EdgeAgent.Core.Tests.Planning;

/// <summary>
/// Docker cannot rename a container its restart policy is restarting (404 "sandbox not found", and
/// sometimes the name changes all the same): every rename the planner makes of a container seen
/// restarting comes after a stop of it, and a restored one is started after.
/// </summary>
public sealed class RestartingContainerPlanTests
{
    private static readonly DesiredState V1 = ProbationTests.Version(1, ManifestUpdateSpec.Atomic, apps: ("web", "edge/web:1"));

    public static TheoryData<string> Strategies() => [UpdateSpec.StopFirst, UpdateSpec.StartFirst];

    [Theory]
    [MemberData(nameof(Strategies))]
    public void An_outgoing_version_that_is_crash_looping_is_stopped_before_it_is_renamed_aside(string strategy)
    {
        var v2 = ProbationTests.Version(2, ManifestUpdateSpec.Atomic, strategy, apps: ("web", "edge/web:2"));
        var observed = new ObservedState
        {
            Containers = [new ObservedContainer { Id = "old", Name = "web", App = "web", SpecHash = V1.Apps["web"].SpecHash, Restarting = true, RestartCount = 9 }],
            Images = new HashSet<string> { "edge/web:2" },
        };

        var plan = Planner.Compute(v2, observed);

        var rename = plan.Steps.OfType<RenameContainerStep>().Single();
        var stop = plan.Steps.OfType<StopContainerStep>().Single(s => s.ContainerId == "old");
        Assert.Equal(PreviousVersion.NameOf("web"), rename.NewName);
        Assert.Contains(stop.Id, rename.DependsOn);
    }

    [Fact]
    public void A_kept_version_that_Docker_is_restarting_is_stopped_renamed_back_and_started_on_rollback()
    {
        var v2 = ProbationTests.Version(2, ManifestUpdateSpec.Atomic, apps: ("web", "edge/web:2"));
        var observed = new ObservedState
        {
            Containers =
            [
                new ObservedContainer { Id = "old", Name = PreviousVersion.NameOf("web"), App = "web", SpecHash = V1.Apps["web"].SpecHash, Restarting = true, RestartCount = 1 },
                new ObservedContainer { Id = "new", Name = "web", App = "web", SpecHash = v2.Apps["web"].SpecHash, Restarting = true, RestartCount = 4 },
            ],
            Images = new HashSet<string> { "edge/web:1", "edge/web:2" },
        };

        var plan = Planner.Compute(v2, observed, new UpdateGates { RolledBack = new Dictionary<string, string> { ["web"] = v2.Apps["web"].SpecHash } });

        var stop = plan.Steps.OfType<StopContainerStep>().Single(s => s.ContainerId == "old");
        var remove = plan.Steps.OfType<RemoveContainerStep>().Single();
        var rename = plan.Steps.OfType<RenameContainerStep>().Single();
        var start = plan.Steps.OfType<StartContainerStep>().Single();
        Assert.Equal("new", remove.ContainerId);
        Assert.Equal(("old", "web"), (rename.ContainerId, rename.NewName));
        Assert.Contains(stop.Id, rename.DependsOn);
        Assert.Contains(remove.Id, rename.DependsOn);
        Assert.Contains(rename.Id, start.DependsOn);
    }

    [Fact]
    public void A_kept_previous_version_that_Docker_restarts_is_stopped_while_the_new_one_is_on_probation()
    {
        var v2 = ProbationTests.Version(2, ManifestUpdateSpec.Atomic, apps: ("web", "edge/web:2"));
        var observed = new ObservedState
        {
            Containers =
            [
                new ObservedContainer { Id = "old", Name = PreviousVersion.NameOf("web"), App = "web", SpecHash = V1.Apps["web"].SpecHash, Restarting = true },
                new ObservedContainer { Id = "new", Name = "web", App = "web", SpecHash = v2.Apps["web"].SpecHash, Running = true },
            ],
            Images = new HashSet<string> { "edge/web:1", "edge/web:2" },
        };

        var plan = Planner.Compute(v2, observed);

        Assert.Equal(["stop web (old)"], plan.Steps.Select(s => s.Describe()));
    }
}
