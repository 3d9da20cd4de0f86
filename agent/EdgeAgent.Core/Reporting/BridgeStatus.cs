namespace EdgeAgent.Core.Reporting;

/// <summary>An Open vSwitch bridge as observed, with whether the agent manages it.</summary>
public sealed record BridgeStatus
{
    public bool Managed { get; init; }
    public string DatapathType { get; init => field = value ?? ""; } = "";

    /// <summary>This device's address on the tunnel mesh when this is the mesh's bridge (the other end of the peers' tunnels).</summary>
    public string? LocalIp { get; init; }
    public IReadOnlyDictionary<string, PortStatus> Ports { get; init => field = value ?? new Dictionary<string, PortStatus>(); } = new Dictionary<string, PortStatus>();
}
