namespace EdgeAgent.Core.Planning;

/// <summary>
/// An OVS bridge's own interface made a port of a Docker network's Linux bridge (not an OVSDB
/// change: the kernel holds bridge membership).
/// </summary>
public sealed record AttachNetwork(string OvsBridge, string Network, string LinuxBridge) : OvsChange
{
    public override string Describe() => $"attach {OvsBridge} to Docker network {Network} (bridge {LinuxBridge})";
}
