using EdgeAgent.Core.Abstractions;

namespace EdgeAgent.Core.Tests.Fakes;

/// <summary>A state store whose writes fail once told to (a full or read-only disk); counts reads.</summary>
internal sealed class FailingStateStore(IStateStore inner) : IStateStore
{
    public bool FailWrites { get; set; }

    public int Reads { get; private set; }

    public Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        Reads++;
        return inner.ReadAsync(name, cancellationToken);
    }

    public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        FailWrites ? throw new IOException("No space left on device") : inner.WriteAsync(name, content, cancellationToken);

    public Task<string> SetAsideAsync(string name, CancellationToken cancellationToken) => inner.SetAsideAsync(name, cancellationToken);
}
