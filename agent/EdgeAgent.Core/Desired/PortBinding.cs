namespace EdgeAgent.Core.Desired;

public sealed record PortBinding(int HostPort, int ContainerPort, string Protocol, string? HostIp);
