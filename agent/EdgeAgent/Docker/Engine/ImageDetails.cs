namespace EdgeAgent.Docker.Engine;

/// <summary>What the agent reads of GET /images/NAME/json: the layers it holds.</summary>
internal sealed record ImageDetails(string Id, ImageLayers? RootFS);
