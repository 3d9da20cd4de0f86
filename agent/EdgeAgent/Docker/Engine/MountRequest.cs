namespace EdgeAgent.Docker.Engine;

/// <summary>A named volume ("volume") or a host path ("bind") mounted into the container.</summary>
internal sealed record MountRequest(string Type, string Source, string Target, bool ReadOnly);
