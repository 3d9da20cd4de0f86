using EdgeAgent.Core.Desired;

namespace EdgeAgent.Core.Planning;

/// <summary>
/// Pure diff of desired against observed Open vSwitch state. Only rows carrying the agent's owner
/// mark are changed or removed; a name held by an unowned row, and any protected interface, is a
/// problem reported and left alone. Every bridge implicitly has its own internal port.
/// </summary>
public static class OvsPlanner
{
    public static OvsPlan Compute(DesiredOvs desired, ObservedOvs observed, IReadOnlySet<string> protectedInterfaces)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(protectedInterfaces);
        var changes = new List<OvsChange>();
        var problems = new List<PlanProblem>();
        var observedBridges = observed.Bridges.ToDictionary(b => b.Name, StringComparer.Ordinal);

        foreach (var bridge in desired.Bridges.Values.OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            var full = WithOwnPort(bridge);
            var refused = full.Ports.Keys.Where(protectedInterfaces.Contains).ToList();
            foreach (var name in refused)
            {
                problems.Add(new PlanProblem(name, $"interface {name} is protected by the device policy; the manifest may not use it"));
            }

            if (protectedInterfaces.Contains(bridge.Name))
            {
                continue;
            }

            if (!observedBridges.TryGetValue(bridge.Name, out var current))
            {
                changes.Add(new CreateBridge(full with { Ports = full.Ports.Where(p => !refused.Contains(p.Key)).ToDictionary(StringComparer.Ordinal) }));
                continue;
            }

            if (!OvsOwnership.IsOwned(current.ExternalIds))
            {
                problems.Add(new PlanProblem(bridge.Name, "a bridge of this name exists and is not managed by the agent; it is left alone"));
                continue;
            }

            if (current.DatapathType != bridge.DatapathType || current.Stp != bridge.Stp || !SameMap(current.OtherConfig, bridge.OtherConfig))
            {
                changes.Add(new UpdateBridge(current.Uuid, full));
            }

            var observedPorts = current.Ports.ToDictionary(p => p.Name, StringComparer.Ordinal);
            foreach (var port in full.Ports.Values.Where(p => !refused.Contains(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                if (!observedPorts.TryGetValue(port.Name, out var existing))
                {
                    changes.Add(new AddPort(current.Uuid, bridge.Name, port));
                }
                else if (!OvsOwnership.IsOwned(existing.ExternalIds))
                {
                    problems.Add(new PlanProblem(port.Name, $"a port of this name on {bridge.Name} is not managed by the agent; it is left alone"));
                }
                else if (existing.Interfaces.Count != 1 || !Matches(existing, existing.Interfaces[0], port))
                {
                    if (existing.Interfaces.Count == 1)
                    {
                        changes.Add(new UpdatePort(existing.Uuid, existing.Interfaces[0].Uuid, bridge.Name, port));
                    }
                    else
                    {
                        // A bond or a port without interface: replace it whole.
                        changes.Add(new DeletePort(current.Uuid, bridge.Name, existing.Uuid, existing.Name));
                        changes.Add(new AddPort(current.Uuid, bridge.Name, port));
                    }
                }
            }

            foreach (var stale in current.Ports.Where(p => !full.Ports.ContainsKey(p.Name) && OvsOwnership.IsOwned(p.ExternalIds)).OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                if (IsProtected(stale, protectedInterfaces))
                {
                    problems.Add(new PlanProblem(stale.Name, "no longer desired, but protected by the device policy: left in place"));
                    continue;
                }

                changes.Add(new DeletePort(current.Uuid, bridge.Name, stale.Uuid, stale.Name));
            }
        }

        foreach (var stale in observed.Bridges.Where(b => !desired.Bridges.ContainsKey(b.Name) && OvsOwnership.IsOwned(b.ExternalIds)).OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            if (stale.Ports.Any(p => IsProtected(p, protectedInterfaces)))
            {
                problems.Add(new PlanProblem(stale.Name, "no longer desired, but it holds an interface protected by the device policy: left in place"));
                continue;
            }

            changes.Add(new DeleteBridge(stale.Uuid, stale.Name));
        }

        return new OvsPlan(changes, problems);
    }

    private static DesiredBridge WithOwnPort(DesiredBridge bridge)
    {
        if (bridge.Ports.ContainsKey(bridge.Name))
        {
            return bridge;
        }

        var ports = new Dictionary<string, DesiredPort>(bridge.Ports, StringComparer.Ordinal)
        {
            [bridge.Name] = new DesiredPort { Name = bridge.Name, Type = "internal", MtuRequest = bridge.Mtu },
        };
        return bridge with { Ports = ports };
    }

    private static bool Matches(ObservedPort port, ObservedInterface iface, DesiredPort desired) =>
        iface.Type == desired.Type
        && SameMap(iface.Options, desired.Options)
        && iface.MtuRequest == desired.MtuRequest
        && port.Tag == desired.Tag
        && port.Protected == desired.Protected;

    private static bool IsProtected(ObservedPort port, IReadOnlySet<string> protectedInterfaces) =>
        protectedInterfaces.Contains(port.Name) || port.Interfaces.Any(i => protectedInterfaces.Contains(i.Name));

    private static bool SameMap(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
