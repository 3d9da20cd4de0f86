namespace EdgeAgent.Core.Manifests;

/// <summary>A Docker network owned by the agent.</summary>
public sealed record NetworkSpec
{
    public string? Subnet { get; init; }
    public string? Gateway { get; init; }
    public int? Mtu { get; init; }

    /// <summary>The Open vSwitch bridge this network is attached to (mesh support).</summary>
    public string? OvsBridge { get; init; }
}
