using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Desired;

public sealed record DesiredNetwork
{
    public required string Name { get; init; }
    public string? Subnet { get; init; }
    public string? Gateway { get; init; }
    // Fields added after the first release are left out of the spec hash while unset, so that an
    // agent upgrade does not recreate every existing network (and its containers).
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IpRange { get; init; }
    public int? Mtu { get; init; }

    /// <summary>The Open vSwitch bridge whose own interface is made a port of this network's Linux bridge.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OvsBridge { get; init; }

    public required string SpecHash { get; init; }

    /// <summary>
    /// The Linux bridge Docker creates for a network on an OVS bridge, named by the agent so that it
    /// can be found again: "eb-" and 8 hex digits of the network name's SHA-256 (interface names
    /// have 15 characters). Null when Docker may pick its own ("br-" and the network id).
    /// </summary>
    [JsonIgnore]
    public string? LinuxBridge => OvsBridge is null ? null : LinuxBridgeName(Name);

    public static string LinuxBridgeName(string network) =>
        "eb-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(network)))[..8];
}
