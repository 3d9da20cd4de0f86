namespace EdgeAgent.Core.Planning;

public sealed record ObservedNetwork(string Id, string Name, bool Managed, string? SpecHash);
