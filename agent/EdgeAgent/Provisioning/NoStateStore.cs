using EdgeAgent.Core.Abstractions;

namespace EdgeAgent.Provisioning;

/// <summary>A state directory with nothing in it: the device's current configuration is unreadable, so its stateDir is unknown.</summary>
internal sealed class NoStateStore : IStateStore
{
    public Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken) => Task.FromResult<byte[]?>(null);

    public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("re-provisioning only reads the trust state");

    public Task<string> SetAsideAsync(string name, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("re-provisioning only reads the trust state");
}
