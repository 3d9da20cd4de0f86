namespace EdgeAgent.Docker.Engine;

/// <summary>The body of POST /networks/ID/connect.</summary>
internal sealed record NetworkConnectRequest(string Container, EndpointRequest EndpointConfig);
