using EdgeAgent.Core.Desired;

namespace EdgeAgent.Core.Planning;

/// <summary>
/// Pure: compares the whole desired state with the whole observed state and returns the steps
/// that close the gap (level-triggered, like kubelet's computePodActions). Equal inputs give
/// equal plans; a converged device gives an empty plan.
/// </summary>
public static partial class Planner
{
    /// <summary>
    /// The steps from <paramref name="observed"/> to <paramref name="desired"/> within <paramref name="gates"/>:
    /// an exited container of a held app (crash-loop backoff) is not started yet, a rolled-back app keeps
    /// its previous version, and a previous version is let go only after its successor's probation.
    /// </summary>
    public static Plan Compute(DesiredState desired, ObservedState observed, UpdateGates? gates = null)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        return new Builder(desired, observed, gates ?? UpdateGates.None).Build();
    }

    private sealed partial class Builder(DesiredState desired, ObservedState observed, UpdateGates gates)
    {
        private readonly List<PlanStep> steps = [];
        private readonly List<PlanProblem> problems = [];
        private readonly Dictionary<string, int> pulls = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> networkCreates = new(StringComparer.Ordinal);
        private readonly HashSet<string> blockedNetworks = new(StringComparer.Ordinal);
        private readonly List<int> containerRemovals = [];

        /// <summary>Per app, the step after which it is running (absent: already running or not starting).</summary>
        private readonly Dictionary<string, int> starts = new(StringComparer.Ordinal);

        public Plan Build()
        {
            var containersByApp = observed.Containers
                .GroupBy(c => c.App, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderBy(c => c.Id, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

            foreach (var (app, containers) in containersByApp.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                if (!desired.Apps.ContainsKey(app))
                {
                    foreach (var container in containers)
                    {
                        RemoveContainer(container, dependsOn: []);
                    }
                }
            }

            PlanNetworks(containersByApp);

            foreach (var app in TopologicalOrder())
            {
                PlanApp(app, containersByApp.GetValueOrDefault(app.Name) ?? []);
            }

            foreach (var network in observed.Networks.Where(n => n.Managed && !desired.Networks.ContainsKey(n.Name)).OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                Add(new RemoveNetworkStep(network.Id, network.Name), containerRemovals);
            }

            // An image goes once nothing uses it: not a desired app, not any container as observed
            // (a container removed by this plan frees its image for the next pass; a previous version
            // kept for a rollback keeps its image).
            var used = desired.Apps.Values.Select(a => a.Spec.Image).Concat(observed.Containers.Select(c => c.Image).OfType<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var image in gates.OwnedImages.Where(i => observed.Images.Contains(i) && !used.Contains(i)).Order(StringComparer.Ordinal))
            {
                Add(new RemoveImageStep(image), []);
            }

            return new Plan(steps, problems);
        }

        private void PlanNetworks(Dictionary<string, List<ObservedContainer>> containersByApp)
        {
            foreach (var network in desired.Networks.Values.OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                var existing = observed.Networks.Where(n => n.Name == network.Name).ToList();
                if (existing.Any(n => !n.Managed))
                {
                    problems.Add(new PlanProblem("network/" + network.Name, "a network of this name exists and is not managed by the agent; apps that use it are not deployed"));
                    blockedNetworks.Add(network.Name);
                    continue;
                }

                var current = existing.FirstOrDefault(n => n.SpecHash == network.SpecHash);
                var stale = existing.Where(n => n != current).ToList();
                if (current is not null && stale.Count == 0)
                {
                    continue;
                }

                // A redefined network: its containers are recreated (their spec hash covers the network),
                // and Docker refuses to delete a network that still has endpoints, so remove those first.
                foreach (var (app, containers) in containersByApp.OrderBy(a => a.Key, StringComparer.Ordinal))
                {
                    var usesNetwork = desired.Apps.TryGetValue(app, out var desiredApp) && desiredApp.Spec.Networks.Contains(network.Name);
                    if (usesNetwork)
                    {
                        foreach (var container in containers.ToList())
                        {
                            RemoveContainer(container, dependsOn: []);
                            containers.Remove(container);
                        }
                    }
                }

                var removals = stale.Select(n => Add(new RemoveNetworkStep(n.Id, n.Name), [.. containerRemovals])).ToList();
                if (current is null)
                {
                    networkCreates[network.Name] = Add(new CreateNetworkStep(network), removals);
                }
            }
        }

        private void PlanApp(DesiredApp app, List<ObservedContainer> containers)
        {
            var blocked = app.Spec.Networks.Where(blockedNetworks.Contains).ToList();
            if (blocked.Count > 0)
            {
                problems.Add(new PlanProblem(app.Name, $"not deployed: network {string.Join(", ", blocked)} is held by an unmanaged network"));
                return;
            }

            var previous = containers.FirstOrDefault(PreviousVersion.Is);
            var current = containers.Where(c => c != previous).ToList();
            if (gates.RolledBack.TryGetValue(app.Name, out var failedHash))
            {
                PlanRollback(app, previous, current, failedHash);
                return;
            }

            var previousKept = previous is not null && app.Update.HasProbation && !gates.ProbationPassed.Contains(app.Name);
            if (previous is not null && !previousKept)
            {
                RemoveContainer(previous, dependsOn: []); // the new version proved itself (or no probation is asked)
            }

            // A kept previous version still running (an update interrupted before its stop), or being
            // restarted by Docker's restart policy, is stopped.
            var runningPrevious = previousKept && (previous!.Running || previous.Restarting) ? previous : null;

            var keep = current
                .Where(c => c.SpecHash == app.SpecHash)
                .OrderByDescending(c => c.Running)
                .FirstOrDefault();

            var resourceChange = keep is null ? ResourceChange.None : ResourceComparer.Compare(app.Resources, keep.Resources, observed.Capabilities);
            if (resourceChange == ResourceChange.Recreate)
            {
                keep = null;
            }

            var dependencyStarts = app.DependsOn.Where(starts.ContainsKey).Select(d => starts[d]).ToList();
            if (keep is null)
            {
                Replace(app, current, previous, runningPrevious, dependencyStarts);
                return;
            }

            foreach (var container in current.Where(c => c != keep))
            {
                RemoveContainer(container, dependsOn: []);
            }

            int? update = resourceChange == ResourceChange.InPlace
                ? Add(new UpdateResourcesStep(app.Name, keep.Id, app.Resources), [])
                : null;
            StartOrStop(app, keep, update is null ? [] : [update.Value], dependencyStarts);
            if (runningPrevious is not null)
            {
                Add(new StopContainerStep(app.Name, runningPrevious.Id), starts.TryGetValue(app.Name, out var started) ? [started] : []);
            }
        }

        /// <summary>Brings a kept container to the desired running state (crash-loop holds and Docker's own restarts respected).</summary>
        private void StartOrStop(DesiredApp app, ObservedContainer keep, IReadOnlyList<int> after, IReadOnlyList<int> dependencyStarts, bool respectHolds = true)
        {
            if (app.Running && !keep.Running && respectHolds && gates.Holds.TryGetValue(app.Name, out var hold))
            {
                problems.Add(new PlanProblem(app.Name, hold.ToString()));
            }
            else if (app.Running && !keep.Running && keep.Restarting)
            {
                // Docker's restart policy is already bringing it back (after its own backoff): let it.
            }
            else if (app.Running && !keep.Running)
            {
                starts[app.Name] = Add(new StartContainerStep(app.Name, keep.Id), [.. after, .. dependencyStarts]);
            }
            else if (!app.Running && keep.Running)
            {
                Add(new StopContainerStep(app.Name, keep.Id), after);
            }
        }

        private int? Pull(string image)
        {
            if (observed.Images.Contains(image))
            {
                return null;
            }

            if (!pulls.TryGetValue(image, out var id))
            {
                id = Add(new PullImageStep(image), []);
                pulls[image] = id;
            }

            return id;
        }

        private int RemoveContainer(ObservedContainer container, IReadOnlyList<int> dependsOn)
        {
            var removeDeps = dependsOn;
            if (container.Running)
            {
                removeDeps = [Add(new StopContainerStep(container.App, container.Id), dependsOn)];
            }

            var remove = Add(new RemoveContainerStep(container.App, container.Id), removeDeps);
            containerRemovals.Add(remove);
            return remove;
        }

        private int Add(PlanStep step, IEnumerable<int> dependsOn)
        {
            var id = steps.Count + 1;
            steps.Add(step with { Id = id, DependsOn = [.. dependsOn.Distinct().Order()] });
            return id;
        }

        /// <summary>Dependencies first; ties broken by name so plans are deterministic.</summary>
        private List<DesiredApp> TopologicalOrder()
        {
            var ordered = new List<DesiredApp>();
            var visited = new HashSet<string>(StringComparer.Ordinal);

            void Visit(DesiredApp app)
            {
                if (!visited.Add(app.Name))
                {
                    return; // also breaks cycles, which validation has already refused
                }

                foreach (var dependency in app.DependsOn.Order(StringComparer.Ordinal))
                {
                    if (desired.Apps.TryGetValue(dependency, out var next))
                    {
                        Visit(next);
                    }
                }

                ordered.Add(app);
            }

            foreach (var app in desired.Apps.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
            {
                Visit(app);
            }

            return ordered;
        }
    }
}
