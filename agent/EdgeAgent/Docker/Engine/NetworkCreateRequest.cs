namespace EdgeAgent.Docker.Engine;

/// <summary>The body of POST /networks/create.</summary>
internal sealed class NetworkCreateRequest
{
    public required string Name { get; init; }
    public string Driver { get; init; } = "bridge";
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, string>? Options { get; init; }
    public IpamRequest? IPAM { get; init; }
}
