namespace EdgeAgent.Docker.Engine;

/// <summary>GET /version: the engine's release and the API version it speaks.</summary>
internal sealed class EngineVersion(string? version, string? apiVersion)
{
    public string? Version { get; } = version;
    public string? ApiVersion { get; } = apiVersion;
}
