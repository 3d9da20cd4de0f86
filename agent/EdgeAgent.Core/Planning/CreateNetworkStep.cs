using EdgeAgent.Core.Desired;

namespace EdgeAgent.Core.Planning;

public sealed record CreateNetworkStep(DesiredNetwork Network) : PlanStep
{
    public override string Target => "network/" + Network.Name;
    public override string Action => "create-network";
    public override string Describe() =>
        $"create network {Network.Name}" + (Network.Subnet is null ? "" : $" subnet={Network.Subnet}") + (Network.IpRange is null ? "" : $" ipRange={Network.IpRange}")
        + (Network.Mtu is null ? "" : $" mtu={Network.Mtu}") + (Network.OvsBridge is null ? "" : $" on OVS bridge {Network.OvsBridge}");
}
