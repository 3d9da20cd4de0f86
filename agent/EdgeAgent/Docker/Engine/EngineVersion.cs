namespace EdgeAgent.Docker.Engine;

/// <summary>GET /version: the engine's release and the API version it speaks.</summary>
internal sealed record EngineVersion(string? Version, string? ApiVersion);
