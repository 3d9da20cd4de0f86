using System.Text.Json.Serialization;

namespace EdgeAgent.Docker.Engine;

/// <summary>The object an event is about: its id and attributes (a container's labels among them).</summary>
internal sealed class EventActor
{
    [JsonPropertyName("ID")]
    public string? Id { get; init; }

    public IReadOnlyDictionary<string, string>? Attributes { get; init; }
}
