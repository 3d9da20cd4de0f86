namespace EdgeAgent.IntegrationTests;

/// <summary>
/// A test class on the shared Docker engine with a scratch directory: the engine is reset before and
/// after each test, and the directory removed after.
/// </summary>
public abstract class EngineTest(DockerHost docker) : IAsyncLifetime
{
    protected DockerHost Engine { get; } = docker;

    private protected TempDirectory Temp { get; } = new();

    public Task InitializeAsync() => Engine.ResetAsync();

    public async Task DisposeAsync()
    {
        await Engine.ResetAsync();
        Temp.Dispose();
    }
}
