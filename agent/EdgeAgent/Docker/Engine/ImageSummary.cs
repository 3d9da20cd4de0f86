namespace EdgeAgent.Docker.Engine;

/// <summary>An image as GET /images/json lists it: its id and the names it goes by.</summary>
internal sealed class ImageSummary
{
    public required string Id { get; init; }
    public IReadOnlyList<string>? RepoTags { get; init; }
    public IReadOnlyList<string>? RepoDigests { get; init; }
}
