namespace EdgeAgent.Docker.Engine;

/// <summary>One address pool of a network; null parts are left to Docker.</summary>
internal sealed class IpamPoolRequest
{
    public required string Subnet { get; init; }
    public string? Gateway { get; init; }
    public string? IPRange { get; init; }
}
