using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Execution;

/// <summary>
/// Joins Docker networks to the overlay, as the thesis joined docker0 and docker-gre: the OVS
/// bridge's own interface becomes a port of the network's Linux bridge, so containers' frames
/// reach the bridge's tunnels. Runs after the containers' stage (Docker creates the Linux bridge)
/// on every pass, which also repairs the membership an ovs-vswitchd restart drops.
/// </summary>
/// <param name="links">The host's network interfaces.</param>
/// <param name="time">The clock the interface wait runs on.</param>
/// <param name="interfaceWait">How long the interface of a bridge created in this pass may take to appear (ovs-vswitchd creates it asynchronously); 5 s by default.</param>
public sealed class NetworkAttacher(IHostLinks links, TimeProvider time, TimeSpan? interfaceWait = null)
{
    private readonly TimeSpan wait = interfaceWait ?? TimeSpan.FromSeconds(5);

    /// <summary>
    /// The attachments made (or, in a dry run, needed) and why any could not be made, after the
    /// OVS <paramref name="stage"/> of the same pass. Only the interfaces of bridges the agent owns
    /// (or has just created) are touched; when the stage could not observe the switch, none are
    /// (the stage reports why).
    /// </summary>
    public async Task<(IReadOnlyList<OvsChange> Changes, IReadOnlyList<string> Errors)> RunAsync(
        IEnumerable<DesiredNetwork> networks, OvsStageResult stage, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(stage);
        var changes = new List<OvsChange>();
        var errors = new List<string>();
        if (stage.Observed is null && stage.Error is not null)
        {
            return (changes, errors);
        }

        var created = CreatedInterfaces.By(stage.Plan.Changes);
        var owned = stage.Observed?.Bridges.Where(b => OvsOwnership.IsOwned(b.ExternalIds)).Select(b => b.Name).Concat(created).ToHashSet(StringComparer.Ordinal);
        foreach (var network in networks.Where(n => n.OvsBridge is not null && (owned is null || owned.Contains(n.OvsBridge))).OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var change = new AttachNetwork(network.OvsBridge!, network.Name, network.LinuxBridge!);
            var port = await links.LinkAsync(change.OvsBridge, cancellationToken).ConfigureAwait(false);
            if (port is { Up: true } && port.Master == change.LinuxBridge)
            {
                continue;
            }

            if (dryRun)
            {
                changes.Add(change);
                continue;
            }

            if (port is null && created.Contains(change.OvsBridge))
            {
                port = await CreatedInterfaces.AwaitAsync(() => links.LinkAsync(change.OvsBridge, cancellationToken), wait, time, cancellationToken).ConfigureAwait(false);
            }

            if (port is null)
            {
                errors.Add($"network {network.Name}: OVS bridge {change.OvsBridge} has no interface; is ovs-vswitchd running?");
            }
            else if (await links.LinkAsync(change.LinuxBridge, cancellationToken).ConfigureAwait(false) is null)
            {
                errors.Add($"network {network.Name}: Docker has not created its bridge {change.LinuxBridge}");
            }
            else
            {
                try
                {
                    await links.SetMasterAsync(change.OvsBridge, change.LinuxBridge, cancellationToken).ConfigureAwait(false);
                    changes.Add(change);
                }
                catch (StepFailedException ex)
                {
                    errors.Add($"network {network.Name}: {ex.Message}");
                }
            }
        }

        return (changes, errors);
    }
}
