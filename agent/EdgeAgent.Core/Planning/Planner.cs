using EdgeAgent.Core.Desired;

namespace EdgeAgent.Core.Planning;

/// <summary>
/// Pure: compares the whole desired state with the whole observed state and returns the steps
/// that close the gap (level-triggered, like kubelet's computePodActions). Equal inputs give
/// equal plans; a converged device gives an empty plan.
/// </summary>
public static class Planner
{
    /// <summary>The steps from <paramref name="observed"/> to <paramref name="desired"/>; an exited container of an app in <paramref name="holds"/> (crash-loop backoff) is not started yet.</summary>
    public static Plan Compute(DesiredState desired, ObservedState observed, IReadOnlyDictionary<string, RestartHold>? holds = null)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        return new Builder(desired, observed, holds ?? new Dictionary<string, RestartHold>()).Build();
    }

    private sealed class Builder(DesiredState desired, ObservedState observed, IReadOnlyDictionary<string, RestartHold> holds)
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

            var keep = containers
                .Where(c => c.SpecHash == app.SpecHash)
                .OrderByDescending(c => c.Running)
                .FirstOrDefault();

            var resourceChange = keep is null ? ResourceChange.None : ResourceComparer.Compare(app.Resources, keep.Resources, observed.Capabilities);
            if (resourceChange == ResourceChange.Recreate)
            {
                keep = null;
            }

            var pull = keep is null ? Pull(app.Spec.Image) : null;

            // Stop-first update: the old container keeps serving until the new image is present.
            var oldGone = new List<int>();
            foreach (var container in containers.Where(c => c != keep))
            {
                oldGone.Add(RemoveContainer(container, dependsOn: pull is null ? [] : [pull.Value]));
            }

            var dependencyStarts = app.DependsOn.Where(starts.ContainsKey).Select(d => starts[d]).ToList();
            if (keep is null)
            {
                var createDeps = new List<int>(oldGone);
                if (pull is not null)
                {
                    createDeps.Add(pull.Value);
                }

                createDeps.AddRange(app.Spec.Networks.Where(networkCreates.ContainsKey).Select(n => networkCreates[n]));
                var create = Add(new CreateContainerStep(app), createDeps);
                if (app.Running)
                {
                    starts[app.Name] = Add(new StartContainerStep(app.Name, app.Name), [create, .. dependencyStarts]);
                }

                return;
            }

            int? update = resourceChange == ResourceChange.InPlace
                ? Add(new UpdateResourcesStep(app.Name, keep.Id, app.Resources), [])
                : null;

            if (app.Running && !keep.Running && holds.TryGetValue(app.Name, out var hold))
            {
                problems.Add(new PlanProblem(app.Name, hold.ToString()));
            }
            else if (app.Running && !keep.Running && keep.Restarting)
            {
                // Docker's restart policy is already bringing it back (after its own backoff): let it.
            }
            else if (app.Running && !keep.Running)
            {
                starts[app.Name] = Add(new StartContainerStep(app.Name, keep.Id), [.. update is null ? [] : new[] { update.Value }, .. dependencyStarts]);
            }
            else if (!app.Running && keep.Running)
            {
                Add(new StopContainerStep(app.Name, keep.Id), update is null ? [] : [update.Value]);
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
