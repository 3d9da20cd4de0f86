using System.Collections.Concurrent;
using EdgeAgent.Core.Abstractions;

namespace EdgeAgent.FleetBench;

internal sealed class InMemoryStateStore : IStateStore
{
    private readonly ConcurrentDictionary<string, byte[]> documents = new(StringComparer.Ordinal);

    public Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(documents.TryGetValue(name, out var content) ? content : null);

    public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        documents[name] = content.ToArray();
        return Task.CompletedTask;
    }

    public Task<string> SetAsideAsync(string name, CancellationToken cancellationToken) => throw new IOException("not kept in a benchmark");
}
