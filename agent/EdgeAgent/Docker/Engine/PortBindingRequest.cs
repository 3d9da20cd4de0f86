namespace EdgeAgent.Docker.Engine;

/// <summary>One host side of a published port.</summary>
internal sealed record PortBindingRequest(string HostIp, string HostPort);
