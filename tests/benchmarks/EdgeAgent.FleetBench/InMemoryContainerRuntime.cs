using System.Collections.Concurrent;
using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.FleetBench;

/// <summary>
/// A container engine that only remembers: the benchmark measures the fleet loop, not Docker. With
/// <paramref name="refusesCannotStart"/>, an image tagged "cannot-start" never starts (a device that
/// lacks what the image needs: the rollout tests' failing wave).
/// </summary>
internal sealed class InMemoryContainerRuntime(bool refusesCannotStart = false) : IContainerRuntime
{
    private readonly ConcurrentDictionary<string, ObservedContainer> containers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> images = new(StringComparer.Ordinal);

    public Task<ObservedState> ObserveAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new ObservedState { Containers = [.. containers.Values], Images = images.Keys.ToHashSet(StringComparer.Ordinal) });

    public Task PullImageAsync(string image, CancellationToken cancellationToken)
    {
        images[image] = 0;
        return Task.CompletedTask;
    }

    public Task CreateNetworkAsync(DesiredNetwork network, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RemoveNetworkAsync(string networkId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string> CreateContainerAsync(DesiredApp app, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        containers[id] = new ObservedContainer { Id = id, Name = app.Name, App = app.Name, SpecHash = app.SpecHash, Resources = app.Resources, ImageId = "sha256:" + id, Image = app.Spec.Image };
        return Task.FromResult(id);
    }

    public Task StartContainerAsync(string containerIdOrName, CancellationToken cancellationToken)
    {
        foreach (var (id, container) in containers.Where(c => c.Key == containerIdOrName || c.Value.Name == containerIdOrName))
        {
            if (refusesCannotStart && container.Image?.EndsWith(":cannot-start", StringComparison.Ordinal) == true)
            {
                throw new StepFailedException(FailureKind.Retryable, $"start {container.Name}: exec format error");
            }

            containers[id] = container with { Running = true };
        }

        return Task.CompletedTask;
    }

    public Task StopContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        if (containers.TryGetValue(containerId, out var container))
        {
            containers[containerId] = container with { Running = false };
        }

        return Task.CompletedTask;
    }

    public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        containers.TryRemove(containerId, out _);
        return Task.CompletedTask;
    }

    public Task RenameContainerAsync(string containerId, string newName, CancellationToken cancellationToken)
    {
        if (containers.TryGetValue(containerId, out var container))
        {
            containers[containerId] = container with { Name = newName };
        }

        return Task.CompletedTask;
    }

    public Task RemoveImageAsync(string image, CancellationToken cancellationToken)
    {
        images.TryRemove(image, out _); // an image change leaves the old one unused: the agent removes it
        return Task.CompletedTask;
    }

    public Task UpdateResourcesAsync(string containerId, ResourceLimits limits, CancellationToken cancellationToken)
    {
        if (containers.TryGetValue(containerId, out var container))
        {
            containers[containerId] = container with { Resources = limits };
        }

        return Task.CompletedTask;
    }
}
