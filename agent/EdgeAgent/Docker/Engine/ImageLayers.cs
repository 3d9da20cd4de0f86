namespace EdgeAgent.Docker.Engine;

/// <summary>An image's RootFS: its layers' diff ids.</summary>
internal sealed class ImageLayers(IReadOnlyList<string>? layers)
{
    public IReadOnlyList<string>? Layers { get; } = layers;
}
