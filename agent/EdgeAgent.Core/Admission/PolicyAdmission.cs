using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Admission;

/// <summary>
/// Decides whether a valid manifest may run on this device. Pure apart from path resolution,
/// which goes through <see cref="IPathResolver"/> so that symlinks and '..' cannot smuggle a bind
/// outside the allowed prefixes.
/// </summary>
public sealed class PolicyAdmission(AdmissionPolicy policy, IPathResolver paths)
{
    public IReadOnlyList<PolicyViolation> Evaluate(Manifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var violations = new List<PolicyViolation>();
        // A prefix that cannot be resolved allows nothing; a protected path that cannot be is compared as written.
        var allowedPrefixes = policy.AllowedBindPrefixes.Select(p => TryResolve(p)).OfType<string>().ToList();
        var protectedPaths = policy.ProtectedPaths.Select(p => p with { Path = TryResolve(p.Path) ?? p.Path }).ToList();
        var allowedCaps = policy.AllowedCapAdd.Select(Capability.Normalize).ToHashSet(StringComparer.Ordinal);

        foreach (var (name, app) in manifest.Spec.Apps.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var path = $"$.spec.apps.{name}";
            void Deny(string field, string rule, string message) => violations.Add(new PolicyViolation(path + field, rule, message));

            if (policy.RequireDigest && !ImageReference.IsPinned(app.Image))
            {
                Deny(".image", "image-digest-required", $"image \"{app.Image}\" is not pinned by a sha256 digest and the policy requires digests");
            }

            var security = app.Security;
            if (security.Privileged && !policy.AllowPrivileged)
            {
                Deny(".security.privileged", "privileged", "privileged containers are not allowed (policy.allowPrivileged)");
            }

            foreach (var (field, mode) in new[] { ("networkMode", security.NetworkMode), ("pidMode", security.PidMode), ("ipcMode", security.IpcMode), ("utsMode", security.UtsMode) })
            {
                if (mode is not null && NamespaceModes.SharesOutside(mode) && !policy.AllowHostNamespaces)
                {
                    Deny(".security." + field, "host-namespace", $"{field} \"{mode}\" shares a namespace outside the container (policy.allowHostNamespaces)");
                }
            }

            for (var i = 0; i < security.Devices.Count; i++)
            {
                var device = TryResolve(security.Devices[i], out var problem);
                if (device is null)
                {
                    Deny($".security.devices[{i}]", "unresolvable-path", $"device \"{security.Devices[i]}\" cannot be resolved: {problem}");
                }
                else if (!policy.AllowedDevices.Contains(device, StringComparer.Ordinal))
                {
                    Deny($".security.devices[{i}]", "device", $"device \"{security.Devices[i]}\" is not in the policy's allowedDevices");
                }
            }

            for (var i = 0; i < security.CapAdd.Count; i++)
            {
                var capability = security.CapAdd[i].Name;
                if (!allowedCaps.Contains(capability))
                {
                    Deny($".security.capAdd[{i}]", "capability", $"capability {capability} is not in the policy's allowedCapAdd");
                }
            }

            for (var i = 0; i < app.Binds.Count; i++)
            {
                var source = app.Binds[i].Source;
                var resolved = TryResolve(source, out var problem);
                if (resolved is null)
                {
                    Deny($".binds[{i}].source", "unresolvable-path", $"bind \"{source}\" cannot be resolved: {problem}");
                    continue;
                }

                var shown = resolved == source ? $"\"{source}\"" : $"\"{source}\" (resolves to \"{resolved}\")";
                if (protectedPaths.FirstOrDefault(p => IsSameOrBelow(p.Path, resolved)) is { } exposed)
                {
                    Deny($".binds[{i}].source", exposed.Rule, $"bind {shown} exposes {exposed.What} ({exposed.Path})");
                }
                else if (!allowedPrefixes.Any(prefix => IsSameOrBelow(resolved, prefix)))
                {
                    Deny($".binds[{i}].source", "bind-prefix", $"bind {shown} is outside the allowed prefixes ({string.Join(", ", policy.AllowedBindPrefixes)})");
                }
            }
        }

        // Refused up front: a manifest that would put the uplink or management interface on a bridge
        // could cut the device off from its broker.
        foreach (var (bridge, spec) in manifest.Spec.Ovs?.Bridges ?? new Dictionary<string, OvsBridgeSpec>())
        {
            foreach (var port in spec.Ports.Keys.Prepend(bridge).Where(policy.ProtectedInterfaces.Contains))
            {
                var field = port == bridge ? $"$.spec.ovs.bridges.{bridge}" : $"$.spec.ovs.bridges.{bridge}.ports.{port}";
                violations.Add(new PolicyViolation(field, "protected-interface", $"interface {port} is protected by the device policy (the uplink or management path)"));
            }
        }

        return violations;
    }

    /// <summary>
    /// The manifest with every bind source replaced by the path that policy checked, so Docker
    /// mounts what was admitted (and a symlink re-pointed later shows up as a spec change).
    /// </summary>
    public Manifest WithResolvedBinds(Manifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var apps = manifest.Spec.Apps.ToDictionary(
            a => a.Key,
            a => a.Value.Binds.Count == 0 ? a.Value : a.Value with { Binds = [.. a.Value.Binds.Select(b => b with { Source = paths.Resolve(b.Source) })] },
            StringComparer.Ordinal);
        return manifest with { Spec = manifest.Spec with { Apps = apps } };
    }

    private string? TryResolve(string path) => TryResolve(path, out _);

    private string? TryResolve(string path, out string? problem)
    {
        try
        {
            problem = null;
            return paths.Resolve(path);
        }
        catch (UnresolvablePathException ex)
        {
            problem = ex.Message;
            return null;
        }
    }


    private static bool IsSameOrBelow(string path, string ancestor) =>
        path == ancestor
        || ancestor == "/"
        || path.StartsWith(ancestor.TrimEnd('/') + "/", StringComparison.Ordinal);
}
