using Microsoft.Extensions.Hosting;

namespace EdgeAgent.IntegrationTests.SelfUpdate;

/// <summary>A host lifetime the test starts (READY sent) and that records a stop.</summary>
internal sealed class StartedLifetime : IHostApplicationLifetime, IDisposable
{
    private readonly CancellationTokenSource started = new();
    private readonly CancellationTokenSource stopping = new();

    public CancellationToken ApplicationStarted => started.Token;

    public CancellationToken ApplicationStopping => stopping.Token;

    public CancellationToken ApplicationStopped => CancellationToken.None;

    public bool StopRequested { get; private set; }

    public void Start() => started.Cancel();

    public void StopApplication() => StopRequested = true;

    public void Dispose()
    {
        started.Dispose();
        stopping.Dispose();
    }
}
