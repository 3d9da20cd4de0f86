namespace EdgeAgent.Core.Manifests;

public sealed record PortSpec
{
    public required int Host { get; init; }
    public required int Container { get; init; }
    public string Protocol { get; set; } = "tcp";

    /// <summary>Host address to bind; all addresses when null.</summary>
    public string? HostIp { get; init; }
}
