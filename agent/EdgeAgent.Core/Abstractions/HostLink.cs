namespace EdgeAgent.Core.Abstractions;

/// <summary>An interface as the kernel reports it: the bridge it is a port of (if any) and whether it is up.</summary>
public sealed record HostLink(string Name, string? Master, bool Up);
