using System.Globalization;
using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Desired;
using EdgeAgent.Docker.Engine;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Docker;

/// <summary>
/// <see cref="IContainerRuntime"/> on the Docker Engine API (<see cref="DockerEngine"/>, unix socket).
/// Observing costs the container list, plus the network and image lists and one inspect per
/// container where what is remembered is not known to be current (see <see cref="DockerCaches"/>):
/// one request in a steady state, 4 + N on a cold start.
/// </summary>
internal sealed partial class DockerContainerRuntime(DockerEngine docker, ILogger<DockerContainerRuntime> logger, ImagePuller? imagePuller = null) : IContainerRuntime
{
    private readonly ImagePuller puller = imagePuller ?? new ImagePuller(docker, RegistryAuth.None, TimeSpan.FromHours(1), TimeSpan.FromMinutes(2), TimeProvider.System, logger);

    private readonly DockerCapabilities capabilities = new(logger);

    /// <summary>Inspections, networks and images; only trusted while an event stream keeps them current.</summary>
    public DockerCaches Caches { get; } = new();

    private InspectionCache Inspections => Caches.Inspections;

    public async Task PullImageAsync(string image, CancellationToken cancellationToken)
    {
        if (Core.Manifests.ImageReference.IsImageId(image))
        {
            throw new StepFailedException(FailureKind.Terminal, $"image {image} is an image id, which cannot be pulled, and it is not present on this device");
        }

        try
        {
            await puller.PullAsync(image, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Caches.Images.Invalidate();
        }
    }

    public async Task CreateNetworkAsync(DesiredNetwork network, CancellationToken cancellationToken)
    {
        var options = new Dictionary<string, string>();
        if (network.Mtu is { } mtu)
        {
            options["com.docker.network.driver.mtu"] = mtu.ToString(CultureInfo.InvariantCulture);
        }

        if (network.LinuxBridge is { } bridge)
        {
            // A name the agent knows, so that the OVS bridge's interface can be made a port of it.
            options["com.docker.network.bridge.name"] = bridge;
        }

        var request = new NetworkCreateRequest
        {
            Name = network.Name,
            Driver = "bridge",
            Labels = new Dictionary<string, string>
            {
                [DockerLabels.Managed] = "true",
                [DockerLabels.Network] = network.Name,
                [DockerLabels.SpecHash] = network.SpecHash,
            },
            Options = options,
            IPAM = network.Subnet is null ? null : new IpamRequest("default", [new IpamPoolRequest { Subnet = network.Subnet, Gateway = network.Gateway, IPRange = network.IpRange }]),
        };

        Caches.Networks.Invalidate();
        await DockerErrors.CallAsync($"create network {network.Name}", () => docker.CreateNetworkAsync(request, cancellationToken)).ConfigureAwait(false);
        Caches.Networks.Invalidate();
    }

    public async Task RemoveNetworkAsync(string networkId, CancellationToken cancellationToken)
    {
        Caches.Networks.Invalidate();
        try
        {
            await docker.RemoveNetworkAsync(networkId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DockerErrors.IsNotFound(ex))
        {
            // Already gone: the desired outcome.
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw DockerErrors.Classify(ex, $"remove network {networkId}");
        }
    }

    public async Task<string> CreateContainerAsync(DesiredApp app, CancellationToken cancellationToken)
    {
        var request = DockerContainerMapping.ToCreateRequest(app);
        ContainerCreated created;
        try
        {
            created = await docker.CreateContainerAsync(app.Spec.Name, request, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerEngineException ex) when (DockerErrors.IsNameInUse(ex))
        {
            throw new StepFailedException(FailureKind.Terminal, $"create {app.Name}: the container name \"{app.Name}\" is taken by a container the agent does not manage; rename or remove it", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw DockerErrors.Classify(ex, $"create {app.Name}");
        }

        capabilities.NoteWarnings(app.Name, created.Warnings);

        // Docker attaches one network at create time; the others are connected now. A half-attached
        // container would carry a current spec hash, so on failure it is removed and the step retried.
        try
        {
            foreach (var network in app.Spec.Networks.Skip(1))
            {
                await docker.ConnectNetworkAsync(network, new NetworkConnectRequest(created.Id, new EndpointRequest([app.Name])), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await docker.RemoveContainerAsync(created.Id, force: true, removeVolumes: false, CancellationToken.None).ConfigureAwait(false);
            throw DockerErrors.Classify(ex, $"connect {app.Name} to its networks");
        }

        return created.Id;
    }

    public async Task StartContainerAsync(string containerIdOrName, CancellationToken cancellationToken)
    {
        Inspections.Invalidate(containerIdOrName);
        await DockerErrors.CallAsync($"start {containerIdOrName}", () => docker.StartContainerAsync(containerIdOrName, cancellationToken)).ConfigureAwait(false);
    }

    public async Task StopContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        Inspections.Invalidate(containerId);
        try
        {
            // No explicit timeout: Docker uses the container's own StopTimeout (the app's stopGracePeriodSeconds).
            await docker.StopContainerAsync(containerId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DockerErrors.IsNotFound(ex))
        {
            // Gone already.
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw DockerErrors.Classify(ex, $"stop {containerId}");
        }
    }

    public async Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        Inspections.Invalidate(containerId);
        try
        {
            // Named volumes are kept (RemoveVolumes = false): they hold the app's data.
            await docker.RemoveContainerAsync(containerId, force: true, removeVolumes: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DockerErrors.IsNotFound(ex))
        {
            // Gone already.
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw DockerErrors.Classify(ex, $"remove {containerId}");
        }
    }

    public async Task RemoveImageAsync(string image, CancellationToken cancellationToken)
    {
        Caches.Images.Invalidate();
        try
        {
            await docker.RemoveImageAsync(image, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DockerErrors.IsNotFound(ex))
        {
            // Gone already.
        }
        catch (DockerEngineException api) when (api.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            LogImageKept(image); // a container the agent does not manage uses it: it stays
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw DockerErrors.Classify(ex, $"remove image {image}");
        }
    }

    public async Task RenameContainerAsync(string containerId, string newName, CancellationToken cancellationToken)
    {
        Inspections.Invalidate(containerId);
        try
        {
            await docker.RenameContainerAsync(containerId, newName, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerEngineException api) when (DockerErrors.IsSandboxGone(api))
        {
            // Docker's restart policy was restarting it (the plan stops a container seen restarting;
            // this one started crashing since): stop it, so nothing restarts it, and finish the rename
            // unless Docker kept it despite the error.
            await DockerErrors.CallAsync($"stop {containerId} to rename it", () => docker.StopContainerAsync(containerId, cancellationToken)).ConfigureAwait(false);
            var details = await DockerErrors.CallAsync($"inspect {containerId}", () => docker.InspectContainerAsync(containerId, cancellationToken)).ConfigureAwait(false);
            if (details.Name.TrimStart('/') != newName)
            {
                await DockerErrors.CallAsync($"rename {containerId} to {newName}", () => docker.RenameContainerAsync(containerId, newName, cancellationToken)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw DockerErrors.Classify(ex, $"rename {containerId} to {newName}");
        }
    }

    public async Task UpdateResourcesAsync(string containerId, ResourceLimits limits, CancellationToken cancellationToken)
    {
        Inspections.Invalidate(containerId);
        var response = await DockerErrors.CallAsync(
            $"update limits of {containerId}",
            () => docker.UpdateContainerAsync(containerId, DockerContainerMapping.ToUpdate(limits), cancellationToken)).ConfigureAwait(false);
        capabilities.NoteWarnings(containerId, response.Warnings);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Observed {Containers} managed containers and {Networks} networks with {Calls} Docker API calls")]
    private partial void LogObserved(int containers, int networks, long calls);

    [LoggerMessage(Level = LogLevel.Information, Message = "Image {Image} is no longer used by managed apps but a container the agent does not manage uses it: kept")]
    private partial void LogImageKept(string image);
}
