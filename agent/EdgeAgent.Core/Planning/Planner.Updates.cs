using EdgeAgent.Core.Desired;

namespace EdgeAgent.Core.Planning;

/// <summary>Replacing an app's container, and restoring its previous version after a failed update.</summary>
public static partial class Planner
{
    private sealed partial class Builder
    {
        /// <summary>
        /// A new container for <paramref name="app"/>. With a probation (or start-first) the outgoing
        /// container is renamed aside instead of removed: stopped before the new one starts (stop-first)
        /// or after (start-first). When a previous version is already kept, the outgoing one never proved
        /// itself and is removed; the rollback target stays the last version that did.
        /// </summary>
        private void Replace(DesiredApp app, List<ObservedContainer> current, ObservedContainer? previous, ObservedContainer? runningPrevious, IReadOnlyList<int> dependencyStarts)
        {
            var pull = Pull(app.Spec.Image);
            IReadOnlyList<int> pulled = pull is null ? [] : [pull.Value];
            var retire = (app.Update.HasProbation || app.Update.StartFirst) && previous is null
                ? current.FirstOrDefault(c => c.Name == app.Name)
                : null;

            // Stop-first: the old container keeps serving until the new image is present.
            var gone = current.Where(c => c != retire).Select(c => RemoveContainer(c, pulled)).ToList();
            if (retire is not null)
            {
                // Docker cannot rename a container its restart policy is restarting (404 "sandbox not
                // found", sometimes with the name changed all the same): one that is crash-looping is
                // stopped first, start-first or not; it serves nothing meanwhile.
                var renameAfter = new List<int>(pulled);
                if ((!app.Update.StartFirst && retire.Running) || retire.Restarting)
                {
                    renameAfter.Add(Add(new StopContainerStep(app.Name, retire.Id), pulled));
                }

                gone.Add(Add(new RenameContainerStep(app.Name, retire.Id, PreviousVersion.NameOf(app.Name)), renameAfter));
            }

            if (runningPrevious is not null && !app.Update.StartFirst)
            {
                gone.Add(Add(new StopContainerStep(app.Name, runningPrevious.Id), pulled));
            }

            var create = Add(new CreateContainerStep(app), [.. gone, .. pulled, .. app.Spec.Networks.Where(networkCreates.ContainsKey).Select(n => networkCreates[n])]);
            int? started = null;
            if (app.Running)
            {
                started = starts[app.Name] = Add(new StartContainerStep(app.Name, app.Name), [create, .. dependencyStarts]);
            }

            IReadOnlyList<int> afterNew = [started ?? create];
            if (runningPrevious is not null && app.Update.StartFirst)
            {
                Add(new StopContainerStep(app.Name, runningPrevious.Id), afterNew);
            }

            if (retire is null || !app.Update.StartFirst)
            {
                return;
            }

            // Make-before-break: the old version stops once the new one runs; without a probation it goes.
            if (!app.Update.HasProbation)
            {
                RemoveContainer(retire, afterNew);
            }
            else if (retire.Running && !retire.Restarting)
            {
                Add(new StopContainerStep(app.Name, retire.Id), afterNew);
            }
        }

        /// <summary>
        /// The update to <paramref name="failedHash"/> failed: keep (or bring back) a container of another
        /// version, preferring one already restored, else the kept previous version; remove the rest.
        /// </summary>
        private void PlanRollback(DesiredApp app, ObservedContainer? previous, List<ObservedContainer> current, string failedHash)
        {
            var restored = current.Where(c => c.SpecHash != failedHash).OrderByDescending(c => c.Running).FirstOrDefault();
            var target = restored ?? previous;
            if (target is null)
            {
                problems.Add(new PlanProblem(app.Name, "rolled back, but no previous version is left to restore; publish a newer manifest"));
                return;
            }

            var removals = current.Where(c => c != target).Select(c => RemoveContainer(c, [])).ToList();
            if (previous is not null && previous != target)
            {
                removals.Add(RemoveContainer(previous, []));
            }

            // A kept version Docker is restarting is stopped before its rename (see Replace), then started.
            var renamed = target == previous;
            if (renamed && target.Restarting)
            {
                removals.Add(Add(new StopContainerStep(app.Name, target.Id), []));
                target = target with { Restarting = false };
            }

            IReadOnlyList<int> after = renamed
                ? [Add(new RenameContainerStep(app.Name, target.Id, app.Name), removals)]
                : removals;
            var dependencyStarts = app.DependsOn.Where(starts.ContainsKey).Select(d => starts[d]).ToList();

            // The crash-loop count belongs to the failed version: the restored one starts at once.
            StartOrStop(app, target, after, dependencyStarts, respectHolds: false);
        }
    }
}
