using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Testing;

/// <summary>
/// An in-memory container engine that records every call and can inject failures. It behaves
/// like Docker where the core relies on it: names are unique, create does not start, limits stick.
/// The unit tests drive it directly; the fleet benchmark's simulated devices run the agent on it.
/// With <paramref name="refusesCannotStart"/>, an image tagged "cannot-start" never starts (a device
/// that lacks what the image needs: the rollout tests' failing wave).
/// </summary>
public sealed class FakeContainerRuntime(bool refusesCannotStart = false) : IContainerRuntime
{
    /// <summary>The image every new engine holds, as if pulled before.</summary>
    public const string PreloadedImage = "edgeagent/busybox:1.35";

    private readonly object gate = new();
    private int nextId;

    public Dictionary<string, ObservedContainer> Containers { get; } = [];
    public Dictionary<string, ObservedNetwork> Networks { get; } = [];
    public HashSet<string> Images { get; } = [PreloadedImage];
    public HashSet<string> UnmanagedContainerNames { get; } = [];
    public RuntimeCapabilities Capabilities { get; set; } = RuntimeCapabilities.All;
    public List<string> Calls { get; } = [];

    /// <summary>The clock start times are read from.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Return an exception to fail the call "op target" (e.g. "pull img", "start web").</summary>
    public Func<string, Exception?> FailWhen { get; set; } = _ => null;

    public Task<ObservedState> ObserveAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Record("observe");
            return Task.FromResult(new ObservedState
            {
                Containers = [.. Containers.Values],
                Networks = [.. Networks.Values],
                Images = new HashSet<string>(Images),
                Capabilities = Capabilities,
            });
        }
    }

    public Task PullImageAsync(string image, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Record($"pull {image}");
            Images.Add(image);
            return Task.CompletedTask;
        }
    }

    public Task CreateNetworkAsync(DesiredNetwork network, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Record($"create-network {network.Name}");
            var id = "net" + ++nextId;
            Networks[id] = new ObservedNetwork(id, network.Name, true, network.SpecHash);
            return Task.CompletedTask;
        }
    }

    public Task RemoveNetworkAsync(string networkId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Record($"remove-network {Networks[networkId].Name}");
            Networks.Remove(networkId);
            return Task.CompletedTask;
        }
    }

    public Task<string> CreateContainerAsync(DesiredApp app, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Record($"create {app.Name}");
            if (Containers.Values.Any(c => c.Name == app.Name) || UnmanagedContainerNames.Contains(app.Name))
            {
                throw new StepFailedException(FailureKind.Terminal, $"name {app.Name} in use");
            }

            if (!Images.Contains(app.Spec.Image))
            {
                throw new StepFailedException(FailureKind.Retryable, $"no such image {app.Spec.Image}");
            }

            var id = $"c{++nextId:D3}";
            Containers[id] = new ObservedContainer { Id = id, Name = app.Name, App = app.Name, SpecHash = app.SpecHash, Resources = app.Resources, Status = "created", Image = app.Spec.Image, ImageId = "sha256:" + id };
            return Task.FromResult(id);
        }
    }

    public Task StartContainerAsync(string containerIdOrName, CancellationToken cancellationToken) => Mutate("start", containerIdOrName, c =>
        refusesCannotStart && c.Image?.EndsWith(":cannot-start", StringComparison.Ordinal) == true
            ? throw new StepFailedException(FailureKind.Retryable, $"start {c.Name}: exec format error")
            : c with { Running = true, Status = "running", StartedAt = Time.GetUtcNow() });

    public Task StopContainerAsync(string containerId, CancellationToken cancellationToken) => Mutate("stop", containerId, c => c with { Running = false, Status = "exited" });

    public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var container = Find(containerId);
            Record($"remove {container.Name}");
            Containers.Remove(container.Id);
            return Task.CompletedTask;
        }
    }

    public Task RemoveImageAsync(string image, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Record($"remove-image {image}");
            Images.Remove(image);
            return Task.CompletedTask;
        }
    }

    public Task RenameContainerAsync(string containerId, string newName, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var container = Find(containerId);
            Record($"rename {container.Name} {newName}");
            if (Containers.Values.Any(c => c.Name == newName && c.Id != container.Id))
            {
                throw new StepFailedException(FailureKind.Terminal, $"name {newName} in use");
            }

            Containers[container.Id] = container with { Name = newName };
            return Task.CompletedTask;
        }
    }

    public Task UpdateResourcesAsync(string containerId, ResourceLimits limits, CancellationToken cancellationToken) =>
        Mutate("update-resources", containerId, c => c with { Resources = limits });

    /// <summary>Seeds a managed container as if an earlier agent had created it.</summary>
    public ObservedContainer Seed(DesiredApp app, bool running = true, ResourceLimits? resources = null, string? specHash = null)
    {
        var id = $"c{++nextId:D3}";
        var container = new ObservedContainer
        {
            Id = id,
            Name = app.Name,
            App = app.Name,
            SpecHash = specHash ?? app.SpecHash,
            Running = running,
            Resources = resources ?? app.Resources,
        };
        Containers[id] = container;
        return container;
    }

    private Task Mutate(string op, string idOrName, Func<ObservedContainer, ObservedContainer> change)
    {
        lock (gate)
        {
            var container = Find(idOrName);
            Record($"{op} {container.Name}");
            Containers[container.Id] = change(container);
            return Task.CompletedTask;
        }
    }

    private ObservedContainer Find(string idOrName) =>
        Containers.Values.FirstOrDefault(c => c.Id == idOrName || c.Name == idOrName)
        ?? throw new StepFailedException(FailureKind.Retryable, $"no such container {idOrName}");

    private void Record(string call)
    {
        Calls.Add(call);
        if (FailWhen(call) is { } failure)
        {
            throw failure;
        }
    }
}
