namespace EdgeAgent.Core.Abstractions;

/// <summary>Small named documents that must survive restarts and crashes (written atomically).</summary>
public interface IStateStore
{
    Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken);

    Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);
}
