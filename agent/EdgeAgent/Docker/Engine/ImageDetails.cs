namespace EdgeAgent.Docker.Engine;

/// <summary>What the agent reads of GET /images/NAME/json: the layers it holds.</summary>
internal sealed class ImageDetails(string id, ImageLayers? rootFS)
{
    public string Id { get; } = id;
    public ImageLayers? RootFS { get; } = rootFS;
}
