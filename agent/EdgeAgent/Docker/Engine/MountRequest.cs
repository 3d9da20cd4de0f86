namespace EdgeAgent.Docker.Engine;

/// <summary>A named volume ("volume") or a host path ("bind") mounted into the container.</summary>
internal sealed class MountRequest(string type, string source, string target, bool readOnly)
{
    public string Type { get; } = type;
    public string Source { get; } = source;
    public string Target { get; } = target;
    public bool ReadOnly { get; } = readOnly;
}
