namespace EdgeAgent.Docker.Engine;

/// <summary>One message of GET /events: which kind of object, what happened, to whom.</summary>
internal sealed class EngineEvent
{
    public string? Type { get; init; }
    public string? Action { get; init; }
    public EventActor? Actor { get; init; }
}
