namespace EdgeAgent.Docker.Engine;

/// <summary>The network a container is attached to at create time, with its aliases.</summary>
internal sealed class NetworkingConfigRequest(IReadOnlyDictionary<string, EndpointRequest> endpointsConfig)
{
    public IReadOnlyDictionary<string, EndpointRequest> EndpointsConfig { get; } = endpointsConfig;
}
