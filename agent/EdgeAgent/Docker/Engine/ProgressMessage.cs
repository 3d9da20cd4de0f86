namespace EdgeAgent.Docker.Engine;

/// <summary>One line of a pull's or load's progress stream; an Error ends it badly.</summary>
internal sealed class ProgressMessage
{
    public string? Id { get; init; }
    public string? Status { get; init; }
    public ProgressAmount? ProgressDetail { get; init; }
    public string? Error { get; init; }
}
