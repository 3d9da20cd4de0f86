namespace EdgeAgent.Docker.Engine;

/// <summary>The body of an engine error: {"message": "..."}.</summary>
internal sealed class EngineError(string? message)
{
    public string? Message { get; } = message;
}
