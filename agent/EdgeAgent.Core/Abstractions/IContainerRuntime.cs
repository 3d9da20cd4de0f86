using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Abstractions;

/// <summary>
/// The container engine, as the planner and plan steps see it. Implementations throw
/// <see cref="StepFailedException"/> to say whether a failure is worth retrying.
/// </summary>
public interface IContainerRuntime
{
    Task<ObservedState> ObserveAsync(CancellationToken cancellationToken);

    Task PullImageAsync(string image, CancellationToken cancellationToken);

    Task CreateNetworkAsync(DesiredNetwork network, CancellationToken cancellationToken);

    Task RemoveNetworkAsync(string networkId, CancellationToken cancellationToken);

    /// <summary>Creates (not starts) the container of <paramref name="app"/>; returns its id.</summary>
    Task<string> CreateContainerAsync(DesiredApp app, CancellationToken cancellationToken);

    Task StartContainerAsync(string containerIdOrName, CancellationToken cancellationToken);

    Task StopContainerAsync(string containerId, CancellationToken cancellationToken);

    Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Removes an image reference (the image itself when no other reference is left); an image still in use is kept.</summary>
    Task RemoveImageAsync(string image, CancellationToken cancellationToken);

    /// <summary>Renames a container (keeping a previous version aside, or restoring it).</summary>
    Task RenameContainerAsync(string containerId, string newName, CancellationToken cancellationToken);

    Task UpdateResourcesAsync(string containerId, ResourceLimits limits, CancellationToken cancellationToken);
}
