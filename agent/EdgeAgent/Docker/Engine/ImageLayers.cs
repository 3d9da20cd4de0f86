namespace EdgeAgent.Docker.Engine;

/// <summary>An image's RootFS: its layers' diff ids.</summary>
internal sealed record ImageLayers(IReadOnlyList<string>? Layers);
