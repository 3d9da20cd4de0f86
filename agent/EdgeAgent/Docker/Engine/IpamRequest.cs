namespace EdgeAgent.Docker.Engine;

/// <summary>A network's address management: the default driver with one pool.</summary>
internal sealed record IpamRequest(string Driver, IReadOnlyList<IpamPoolRequest> Config);
