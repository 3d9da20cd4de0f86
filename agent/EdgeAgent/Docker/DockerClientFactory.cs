using Docker.DotNet;

namespace EdgeAgent.Docker;

internal static class DockerClientFactory
{
    public static IDockerClient Create(string endpoint) =>
        new DockerClientBuilder().WithEndpoint(new Uri(endpoint)).Build();
}
