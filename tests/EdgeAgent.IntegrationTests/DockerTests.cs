namespace EdgeAgent.IntegrationTests;

/// <summary>
/// Tests that use the real dockerd run one at a time: the agent owns every managed container on
/// the host, so two tests converging at once would fight over them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DockerTests : ICollectionFixture<DockerHost>
{
    public const string Name = "docker";
}
