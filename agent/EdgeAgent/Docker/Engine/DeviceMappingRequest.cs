namespace EdgeAgent.Docker.Engine;

/// <summary>A host device made available in the container.</summary>
internal sealed record DeviceMappingRequest(string PathOnHost, string PathInContainer, string CgroupPermissions);
