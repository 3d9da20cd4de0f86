namespace EdgeAgent.Core.Manifests;

/// <summary>A Docker network owned by the agent.</summary>
public sealed record NetworkSpec
{
    public string? Subnet { get; init; }
    public string? Gateway { get; init; }

    /// <summary>
    /// The part of <see cref="Subnet"/> this device gives out to its containers. A network spread over
    /// devices by an Open vSwitch mesh has one subnet on every device and a different range on each.
    /// </summary>
    public string? IpRange { get; init; }
    public int? Mtu { get; init; }

    /// <summary>The Open vSwitch bridge this network is attached to (mesh support).</summary>
    public string? OvsBridge { get; init; }
}
