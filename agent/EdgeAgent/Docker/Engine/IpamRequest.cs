namespace EdgeAgent.Docker.Engine;

/// <summary>A network's address management: the default driver with one pool.</summary>
internal sealed class IpamRequest(string driver, IReadOnlyList<IpamPoolRequest> config)
{
    public string Driver { get; } = driver;
    public IReadOnlyList<IpamPoolRequest> Config { get; } = config;
}
