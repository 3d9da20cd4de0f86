namespace EdgeAgent.Core.Manifests;

/// <summary>Linux capability names as the manifest, the policy and Docker use them.</summary>
public static class Capabilities
{
    /// <summary>"net_admin" and "CAP_NET_ADMIN" name the same capability: NET_ADMIN.</summary>
    public static string Normalize(string capability)
    {
        ArgumentNullException.ThrowIfNull(capability);
        var upper = capability.ToUpperInvariant();
        return upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper[4..] : upper;
    }
}
