namespace EdgeAgent.Core.Planning;

public sealed record DesiredNetwork
{
    public required string Name { get; init; }
    public string? Subnet { get; init; }
    public string? Gateway { get; init; }
    public int? Mtu { get; init; }
    public required string SpecHash { get; init; }
}
