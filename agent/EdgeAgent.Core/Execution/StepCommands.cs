using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Execution;

/// <summary>
/// Runs one plan step against the container runtime. Planning emits steps as data and never sees
/// the runtime; this is the one place where a step becomes a call.
/// </summary>
public static class StepCommands
{
    public static Task ExecuteAsync(PlanStep step, IContainerRuntime runtime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return step switch
        {
            PullImageStep pull => runtime.PullImageAsync(pull.Image, cancellationToken),
            CreateNetworkStep network => runtime.CreateNetworkAsync(network.Network, cancellationToken),
            CreateContainerStep create => runtime.CreateContainerAsync(create.App, cancellationToken),
            StartContainerStep start => runtime.StartContainerAsync(start.ContainerIdOrName, cancellationToken),
            StopContainerStep stop => runtime.StopContainerAsync(stop.ContainerId, cancellationToken),
            RemoveContainerStep remove => runtime.RemoveContainerAsync(remove.ContainerId, cancellationToken),
            RemoveImageStep image => runtime.RemoveImageAsync(image.Image, cancellationToken),
            RenameContainerStep rename => runtime.RenameContainerAsync(rename.ContainerId, rename.NewName, cancellationToken),
            UpdateResourcesStep update => runtime.UpdateResourcesAsync(update.ContainerId, update.Limits, cancellationToken),
            RemoveNetworkStep network => runtime.RemoveNetworkAsync(network.NetworkId, cancellationToken),
            _ => throw new ArgumentException($"no command for step {step}", nameof(step)),
        };
    }
}
