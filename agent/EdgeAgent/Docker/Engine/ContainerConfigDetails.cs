namespace EdgeAgent.Docker.Engine;

/// <summary>An inspected container's Config: the image it was created from, by name, and its labels.</summary>
internal sealed class ContainerConfigDetails
{
    public string? Image { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
