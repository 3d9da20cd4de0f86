namespace EdgeAgent.Core.Planning;

public sealed record PortBinding(int HostPort, int ContainerPort, string Protocol, string? HostIp);
