using EdgeAgent.Core.Admission;

namespace EdgeAgent.Configuration;

internal sealed class PolicyOptions
{
    public bool? RequireDigest { get; set; }
    public List<string?>? AllowedBindPrefixes { get; set; }
    public List<string?>? AllowedCapAdd { get; set; }
    public List<string?>? AllowedDevices { get; set; }
    public List<string?>? ProtectedInterfaces { get; set; }
    public bool? AllowPrivileged { get; set; }
    public bool? AllowHostNamespaces { get; set; }

    /// <summary>The device's policy (defaults for what is unset); <paramref name="ownPaths"/> (configured sockets, trust and state files) are never bindable.</summary>
    public AdmissionPolicy ToPolicy(IEnumerable<ProtectedPath> ownPaths)
    {
        var defaults = new AdmissionPolicy();
        return defaults with
        {
            ProtectedPaths = [.. defaults.ProtectedPaths, .. ownPaths],
            RequireDigest = RequireDigest ?? defaults.RequireDigest,
            AllowedBindPrefixes = AllowedBindPrefixes is { } prefixes ? [.. prefixes.Select(p => p!)] : [.. defaults.AllowedBindPrefixes],
            AllowedCapAdd = [.. (AllowedCapAdd ?? []).Select(c => c!)],
            AllowedDevices = [.. (AllowedDevices ?? []).Select(d => d!)],
            ProtectedInterfaces = [.. (ProtectedInterfaces ?? []).Select(i => i!)],
            AllowPrivileged = AllowPrivileged ?? false,
            AllowHostNamespaces = AllowHostNamespaces ?? false,
        };
    }
}
