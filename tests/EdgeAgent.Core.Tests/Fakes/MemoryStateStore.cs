using EdgeAgent.Core.Abstractions;

namespace EdgeAgent.Core.Tests.Fakes;

/// <summary>State documents in memory; survives "restarts" of whatever is handed the same instance.</summary>
internal sealed class MemoryStateStore : IStateStore
{
    public Dictionary<string, byte[]> Documents { get; } = new(StringComparer.Ordinal);

    public Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken) => Task.FromResult(Documents.GetValueOrDefault(name));

    public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        Documents[name] = content.ToArray();
        return Task.CompletedTask;
    }

    public Task<string> SetAsideAsync(string name, CancellationToken cancellationToken)
    {
        var kept = name + ".unreadable";
        Documents[kept] = Documents[name];
        Documents.Remove(name);
        return Task.FromResult(kept);
    }
}
