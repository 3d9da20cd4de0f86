namespace EdgeAgent.Core.Reporting;

/// <summary>An Open vSwitch bridge as observed, with whether the agent manages it.</summary>
public sealed record BridgeStatus
{
    public bool Managed { get; init; }
    public string DatapathType { get; init; } = "";
    public IReadOnlyDictionary<string, PortStatus> Ports { get; init; } = new Dictionary<string, PortStatus>();
}
