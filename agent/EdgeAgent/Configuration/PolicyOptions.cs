using EdgeAgent.Core.Admission;

namespace EdgeAgent.Configuration;

internal sealed class PolicyOptions
{
    public bool RequireDigest { get; set; } = true;

    // The binder appends to pre-filled lists, so defaults are applied in ToPolicy instead.
    public List<string>? AllowedBindPrefixes { get; set; }
    public List<string> AllowedCapAdd { get; set; } = [];
    public List<string> AllowedDevices { get; set; } = [];
    public List<string> ProtectedInterfaces { get; set; } = [];
    public bool AllowPrivileged { get; set; }
    public bool AllowHostNamespaces { get; set; }

    /// <summary>The device's policy; <paramref name="ownPaths"/> (configured sockets, trust and state files) are never bindable.</summary>
    public AdmissionPolicy ToPolicy(IEnumerable<ProtectedPath>? ownPaths = null)
    {
        var defaults = new AdmissionPolicy();
        return defaults with
        {
            ProtectedPaths = [.. defaults.ProtectedPaths, .. ownPaths ?? []],
            RequireDigest = RequireDigest,
            AllowedBindPrefixes = AllowedBindPrefixes ?? [.. defaults.AllowedBindPrefixes],
            AllowedCapAdd = AllowedCapAdd,
            AllowedDevices = AllowedDevices,
            ProtectedInterfaces = ProtectedInterfaces,
            AllowPrivileged = AllowPrivileged,
            AllowHostNamespaces = AllowHostNamespaces,
        };
    }
}
