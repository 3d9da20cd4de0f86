namespace EdgeAgent.Docker.Engine;

/// <summary>The body of POST /networks/ID/connect.</summary>
internal sealed class NetworkConnectRequest(string container, EndpointRequest endpointConfig)
{
    public string Container { get; } = container;
    public EndpointRequest EndpointConfig { get; } = endpointConfig;
}
