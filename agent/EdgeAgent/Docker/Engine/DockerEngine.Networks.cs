namespace EdgeAgent.Docker.Engine;

/// <summary>Network calls.</summary>
internal sealed partial class DockerEngine
{
    public Task<IReadOnlyList<NetworkSummary>> ListNetworksAsync(CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Get, "networks", null, EngineJsonContext.Default.IReadOnlyListNetworkSummary, cancellationToken);

    public Task CreateNetworkAsync(NetworkCreateRequest network, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, "networks/create", Json(network, EngineJsonContext.Default.NetworkCreateRequest), cancellationToken);

    public Task RemoveNetworkAsync(string idOrName, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Delete, $"networks/{Id(idOrName)}", null, cancellationToken);

    public Task ConnectNetworkAsync(string network, NetworkConnectRequest connect, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, $"networks/{Id(network)}/connect", Json(connect, EngineJsonContext.Default.NetworkConnectRequest), cancellationToken);
}
