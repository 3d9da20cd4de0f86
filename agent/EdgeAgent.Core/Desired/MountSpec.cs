namespace EdgeAgent.Core.Desired;

/// <summary>A named volume (<see cref="IsVolume"/>) or a host bind mount.</summary>
public sealed record MountSpec(bool IsVolume, string Source, string Target, bool ReadOnly);
