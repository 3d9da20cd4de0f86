using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Intake;

/// <summary>
/// Several manifests apply to one device (its own and its groups'). They merge by app, network and
/// OVS bridge name: the device manifest wins over group manifests; a name defined by two group
/// manifests (and not by the device manifest) is a conflict: reported and left out, never guessed.
/// </summary>
public static class ManifestMerger
{
    public static MergeResult Merge(Manifest? device, IReadOnlyDictionary<string, Manifest> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var conflicts = new List<string>();
        var origins = new Dictionary<string, string?>(StringComparer.Ordinal);
        var orderedGroups = groups.OrderBy(g => g.Key, StringComparer.Ordinal).ToList();

        Dictionary<string, T> MergeSection<T>(string section, Func<Manifest, IReadOnlyDictionary<string, T>> select)
        {
            var merged = new Dictionary<string, T>(StringComparer.Ordinal);
            var owners = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (group, manifest) in orderedGroups)
            {
                foreach (var (name, value) in select(manifest))
                {
                    if (!owners.TryGetValue(name, out var list))
                    {
                        owners[name] = list = [];
                        merged[name] = value;
                    }

                    list.Add(group);
                }
            }

            var deviceItems = device is null ? new Dictionary<string, T>() : select(device);
            foreach (var (name, groupOwners) in owners.Where(o => o.Value.Count > 1 && !deviceItems.ContainsKey(o.Key)))
            {
                conflicts.Add($"{section} \"{name}\" is defined by groups {string.Join(" and ", groupOwners)}; it is not deployed until one definition is removed or the device manifest defines it");
                merged.Remove(name);
            }

            foreach (var (name, value) in deviceItems)
            {
                merged[name] = value;
            }

            foreach (var name in merged.Keys)
            {
                origins[$"{section} {name}"] = deviceItems.ContainsKey(name) ? null : owners[name][0];
            }

            return merged;
        }

        var apps = MergeSection("app", m => m.Spec.Apps);
        var networks = MergeSection("network", m => m.Spec.Networks);
        var bridges = MergeSection("OVS bridge", m => m.Spec.Ovs?.Bridges ?? new Dictionary<string, OvsBridgeSpec>());

        var meshes = orderedGroups.Where(g => g.Value.Spec.Ovs?.Mesh is not null).ToList();
        var mesh = device?.Spec.Ovs?.Mesh;
        if (mesh is null && meshes.Count == 1)
        {
            mesh = meshes[0].Value.Spec.Ovs!.Mesh;
        }
        else if (mesh is null && meshes.Count > 1)
        {
            conflicts.Add($"OVS mesh is defined by groups {string.Join(" and ", meshes.Select(m => m.Key))}");
        }

        // One agent release per device: the device manifest's, else the only group's that names one.
        var releases = orderedGroups.Where(g => g.Value.Spec.Agent is not null).ToList();
        var agent = device?.Spec.Agent;
        if (agent is null && releases.Count == 1)
        {
            agent = releases[0].Value.Spec.Agent;
        }
        else if (agent is null && releases.Count > 1)
        {
            conflicts.Add($"agent release is defined by groups {string.Join(" and ", releases.Select(r => r.Key))}; none is applied until one definition is removed or the device manifest defines it");
        }

        var basis = device ?? orderedGroups.Select(g => g.Value).FirstOrDefault();
        if (basis is null)
        {
            return new MergeResult(null, conflicts);
        }

        var merged = basis with
        {
            Spec = new ManifestSpec
            {
                Apps = apps,
                Networks = networks,
                Ovs = bridges.Count == 0 && mesh is null ? null : new OvsSpec { Bridges = bridges, Mesh = mesh },
                Agent = agent,
            },
        };
        return new MergeResult(merged, conflicts) { Origins = origins };
    }
}
