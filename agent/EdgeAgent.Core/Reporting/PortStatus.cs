namespace EdgeAgent.Core.Reporting;

public sealed record PortStatus
{
    public bool Managed { get; init; }

    /// <summary>internal, patch, gre, vxlan, or "system".</summary>
    public required string Type { get; init; }

    /// <summary>The tunnel peer (remote_ip) or patch peer.</summary>
    public string? Peer { get; init; }

    /// <summary>"up" or "down" as ovs-vswitchd reports it.</summary>
    public string? LinkState { get; init; }
}
