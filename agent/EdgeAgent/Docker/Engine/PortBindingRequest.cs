namespace EdgeAgent.Docker.Engine;

/// <summary>One host side of a published port.</summary>
internal sealed class PortBindingRequest(string hostIp, string hostPort)
{
    public string HostIp { get; } = hostIp;
    public string HostPort { get; } = hostPort;
}
