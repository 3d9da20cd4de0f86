namespace EdgeAgent.Docker.Engine;

/// <summary>Docker's {} value, as in ExposedPorts: {"80/tcp": {}}.</summary>
internal sealed class EmptyObject
{
    public static EmptyObject Value { get; } = new();
}
