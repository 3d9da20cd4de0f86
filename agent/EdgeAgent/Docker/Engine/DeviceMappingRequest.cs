namespace EdgeAgent.Docker.Engine;

/// <summary>A host device made available in the container.</summary>
internal sealed class DeviceMappingRequest(string pathOnHost, string pathInContainer, string cgroupPermissions)
{
    public string PathOnHost { get; } = pathOnHost;
    public string PathInContainer { get; } = pathInContainer;
    public string CgroupPermissions { get; } = cgroupPermissions;
}
