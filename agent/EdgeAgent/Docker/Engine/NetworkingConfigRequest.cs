namespace EdgeAgent.Docker.Engine;

/// <summary>The network a container is attached to at create time, with its aliases.</summary>
internal sealed record NetworkingConfigRequest(IReadOnlyDictionary<string, EndpointRequest> EndpointsConfig);
