using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Execution;

/// <summary>
/// The Open vSwitch stage of a pass: observe, plan, apply in one transaction, add the addresses of
/// internal ports, then commit-confirm. When the device reached its broker (or probe targets)
/// before a change and does not within the confirm window after it, the change is rolled back to
/// the switch as it was, and that desired network is not applied again: the device keeps its
/// previous network until a different one is desired. With a <paramref name="state"/> store this
/// holds across agent restarts.
/// </summary>
public sealed class OvsReconciler(IOvsSwitch ovs, IHostLinks? links, IReachabilityProbe? probe, SafeApplyOptions options, TimeProvider time, IStateStore? state = null)
{
    private const string RolledBackDocument = "network-rolled-back.json";

    /// <summary>How long an interface may take to appear after the transaction that creates it (ovs-vswitchd is asynchronous).</summary>
    private static readonly TimeSpan InterfaceWait = TimeSpan.FromSeconds(5);

    private readonly IReadOnlySet<string> protectedInterfaces = options.ProtectedInterfaces.ToHashSet(StringComparer.Ordinal);
    // Fallback is null for a rollback remembered from before a restart: the switch as it is then.
    private (string Fingerprint, DesiredOvs? Fallback, string Reason)? rolledBack;
    private bool remembered;

    public async Task<OvsStageResult> RunAsync(DesiredOvs desired, bool dryRun, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var trips = ovs.RoundTrips;

        // Read even on a device without a switch: an unusable document is set aside and said once.
        var setAside = await RememberAsync(cancellationToken).ConfigureAwait(false);
        var result = await RunStageAsync(desired, dryRun, cancellationToken).ConfigureAwait(false);
        var timed = ReferenceEquals(result, OvsStageResult.Nothing) ? result : result with { Elapsed = time.GetElapsedTime(started), RoundTrips = ovs.RoundTrips - trips };
        return setAside is null ? timed : timed with { StateSetAside = setAside };
    }

    private async Task<OvsStageResult> RunStageAsync(DesiredOvs desired, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);

        // A device without Open vSwitch and a manifest without bridges: nothing to do, nothing to report.
        if (desired.Bridges.Count == 0 && !await ovs.IsAvailableAsync(cancellationToken).ConfigureAwait(false))
        {
            return OvsStageResult.Nothing;
        }

        // Hashed only when a rollback is known or happens: not on every pass.
        string? fingerprint = null;
        var wanted = desired;
        string Fingerprint() => fingerprint ??= FingerprintOf(wanted);

        string? keptBack = null;
        try
        {
            (string Fingerprint, DesiredOvs? Fallback, string Reason)? refused = rolledBack is { } known && known.Fingerprint == Fingerprint() ? known : null;
            keptBack = refused?.Reason;
            var before = await ovs.ObserveAsync(cancellationToken).ConfigureAwait(false);
            if (refused is { } kept)
            {
                var fallback = kept.Fallback ?? await SnapshotAsync(before, cancellationToken).ConfigureAwait(false);
                rolledBack = kept with { Fallback = fallback };
                desired = fallback;
            }

            var plan = OvsPlanner.Compute(desired, before, protectedInterfaces);
            if (dryRun)
            {
                return new OvsStageResult(plan, RolledBack: keptBack) { Observed = before };
            }

            if (await CutOffAsync(plan, before, cancellationToken).ConfigureAwait(false) is { } cut)
            {
                // Known before applying: refuse the whole change and keep the switch as it is.
                var reason = "refused before applying: " + cut;
                await RollBackAsync(Fingerprint(), await SnapshotAsync(before, cancellationToken).ConfigureAwait(false), reason, cancellationToken).ConfigureAwait(false);
                return new OvsStageResult(OvsPlan.Empty, RolledBack: reason) { Observed = before };
            }

            var guarded = probe is not null && !plan.IsEmpty && await probe.ReachableAsync(cancellationToken).ConfigureAwait(false);
            var previous = guarded ? await SnapshotAsync(before, cancellationToken).ConfigureAwait(false) : null;

            if (!plan.IsEmpty)
            {
                await ovs.ApplyAsync(plan.Changes, cancellationToken).ConfigureAwait(false);
            }

            var addressed = await EnsureAddressesAsync(desired, plan.Changes, cancellationToken).ConfigureAwait(false);
            var applied = addressed.Count == 0 ? plan : plan with { Changes = [.. plan.Changes, .. addressed] };

            if (guarded && !await ConfirmAsync(cancellationToken).ConfigureAwait(false))
            {
                var fallback = previous!;
                var reason = $"the broker/probe targets were unreachable for {options.ConfirmWindow.TotalSeconds:0} s after: {string.Join("; ", plan.Changes.Select(c => c.Describe()))}";
                var now = await ovs.ObserveAsync(cancellationToken).ConfigureAwait(false);
                var restore = OvsPlanner.Compute(fallback, now, protectedInterfaces);
                if (!restore.IsEmpty)
                {
                    await ovs.ApplyAsync(restore.Changes, cancellationToken).ConfigureAwait(false);
                }

                await EnsureAddressesAsync(fallback, restore.Changes, cancellationToken).ConfigureAwait(false);
                await RollBackAsync(Fingerprint(), fallback, reason, cancellationToken).ConfigureAwait(false);
                return new OvsStageResult(applied, RolledBack: reason) { Observed = before };
            }

            if (keptBack is null && rolledBack is not null)
            {
                // A different network was desired and applied: the lesson is no longer needed.
                rolledBack = null;
                await ForgetAsync(cancellationToken).ConfigureAwait(false);
            }

            return new OvsStageResult(applied, RolledBack: keptBack) { Observed = before };
        }
        catch (StepFailedException ex)
        {
            return new OvsStageResult(OvsPlan.Empty, ex.Message, keptBack);
        }
    }

    private static string FingerprintOf(DesiredOvs desired) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(desired.Fingerprint())));

    /// <summary>
    /// Loads a rollback remembered before a restart, once; an unusable document is set aside.
    /// Returns why it was set aside (null when it was not, or was read before).
    /// </summary>
    private async Task<string?> RememberAsync(CancellationToken cancellationToken)
    {
        if (remembered || state is null)
        {
            return null;
        }

        var read = await StateDocuments.ReadAsync(
            state,
            RolledBackDocument,
            OvsStateJsonContext.Default.RolledBackNetwork,
            r => r is { FingerprintSha256: not null, Reason: not null },
            "a network rolled back before may be tried (and rolled back) once more",
            cancellationToken).ConfigureAwait(false);
        remembered = true;
        if (read.Value is { } stored)
        {
            rolledBack = (stored.FingerprintSha256, null, stored.Reason);
        }

        return read.SetAside;
    }

    private async Task RollBackAsync(string fingerprint, DesiredOvs fallback, string reason, CancellationToken cancellationToken)
    {
        rolledBack = (fingerprint, fallback, reason);
        if (state is not null)
        {
            await state.WriteAsync(RolledBackDocument, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new RolledBackNetwork(fingerprint, reason), OvsStateJsonContext.Default.RolledBackNetwork), cancellationToken).ConfigureAwait(false);
        }
    }

    private Task ForgetAsync(CancellationToken cancellationToken) =>
        state is null ? Task.CompletedTask : state.WriteAsync(RolledBackDocument, ReadOnlyMemory<byte>.Empty, cancellationToken);

    /// <summary>
    /// Whether the plan deletes the interface the kernel routes a probe target (the broker) through:
    /// then the change would certainly cut the device off. Returns why, or null.
    /// </summary>
    private async Task<string?> CutOffAsync(OvsPlan plan, ObservedOvs before, CancellationToken cancellationToken)
    {
        if (probe is null || links is null || plan.IsEmpty)
        {
            return null;
        }

        var removed = plan.Changes.OfType<DeletePort>().Select(d => d.Name)
            .Concat(plan.Changes.OfType<DeleteBridge>().SelectMany(d => before.Bridges.Where(b => b.Uuid == d.Uuid).SelectMany(b => b.Ports.Select(p => p.Name))))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var host in probe.Hosts.Where(h => System.Net.IPAddress.TryParse(h, out _)))
        {
            if (await links.RouteDeviceAsync(host, cancellationToken).ConfigureAwait(false) is { } device && removed.Contains(device))
            {
                return $"it removes {device}, the interface this device reaches {host} through";
            }
        }

        return null;
    }

    /// <summary>Polls the probe until it answers or the confirm window ends.</summary>
    private async Task<bool> ConfirmAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.ConfirmWindow;
        while (true)
        {
            if (await probe!.ReachableAsync(cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            if (time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(options.ProbeInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The agent's own switch as observed, with its internal ports' addresses: what a rollback returns to.</summary>
    private async Task<DesiredOvs> SnapshotAsync(ObservedOvs observed, CancellationToken cancellationToken)
    {
        var addresses = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (links is null)
        {
            return OwnedOvs.Of(observed, addresses);
        }

        foreach (var port in observed.Bridges.SelectMany(b => b.Ports).Where(p => OvsOwnership.IsOwned(p.ExternalIds) && p.Interfaces is [{ Type: "internal" }]))
        {
            if (await links.AddressesAsync(port.Name, cancellationToken).ConfigureAwait(false) is { Count: > 0 } current)
            {
                addresses[port.Name] = current;
            }
        }

        return OwnedOvs.Of(observed, addresses);
    }

    /// <summary>
    /// Adds the missing addresses of internal ports (addresses the agent did not ask for are left
    /// alone), waiting for the interfaces the <paramref name="applied"/> changes create.
    /// </summary>
    private async Task<List<OvsChange>> EnsureAddressesAsync(DesiredOvs desired, IReadOnlyList<OvsChange> applied, CancellationToken cancellationToken)
    {
        var added = new List<OvsChange>();
        if (links is null)
        {
            return added;
        }

        var created = CreatedInterfaces.By(applied);
        foreach (var port in desired.Bridges.Values.SelectMany(b => b.Ports.Values).Where(p => p.Addresses.Count > 0))
        {
            var current = await CreatedInterfaces.AwaitAsync(
                () => links.AddressesAsync(port.Name, cancellationToken),
                created.Contains(port.Name) ? InterfaceWait : TimeSpan.Zero,
                time,
                cancellationToken).ConfigureAwait(false);

            if (current is null)
            {
                throw new StepFailedException(FailureKind.Retryable, $"interface {port.Name} did not appear; is ovs-vswitchd running?");
            }

            foreach (var address in port.Addresses.Where(a => !current.Contains(a, StringComparer.Ordinal)))
            {
                await links.AddAddressAsync(port.Name, address, cancellationToken).ConfigureAwait(false);
                added.Add(new AssignAddress(port.Name, address));
            }
        }

        return added;
    }
}
