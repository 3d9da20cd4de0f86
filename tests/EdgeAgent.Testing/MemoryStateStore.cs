using EdgeAgent.Core.Abstractions;

namespace EdgeAgent.Testing;

/// <summary>
/// State documents in memory; survives "restarts" of whatever is handed the same instance. Safe for
/// the agent's concurrent readers and writers (a simulated device); tests read <see cref="Documents"/> at rest.
/// </summary>
public sealed class MemoryStateStore : IStateStore
{
    private readonly object gate = new();

    public Dictionary<string, byte[]> Documents { get; } = new(StringComparer.Ordinal);

    public Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(Documents.GetValueOrDefault(name));
        }
    }

    public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Documents[name] = content.ToArray();
            return Task.CompletedTask;
        }
    }

    public Task<string> SetAsideAsync(string name, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var kept = name + ".unreadable";
            Documents[kept] = Documents[name];
            Documents.Remove(name);
            return Task.FromResult(kept);
        }
    }
}
