namespace EdgeAgent.Docker.Engine;

/// <summary>The body of an engine error: {"message": "..."}.</summary>
internal sealed record EngineError(string? Message);
