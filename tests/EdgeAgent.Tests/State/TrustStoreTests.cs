using System.Security.Cryptography;
using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Intake;
using EdgeAgent.Testing;
using EdgeAgent.State;
using EdgeAgent.Trust;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAgent.Tests.State;

/// <summary>The trust state is held in memory and written through: offers do not re-read the disk.</summary>
public sealed class TrustStoreTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private sealed class CountingStore(IStateStore inner) : IStateStore
    {
        public int Reads { get; private set; }

        public Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken)
        {
            Reads++;
            return inner.ReadAsync(name, cancellationToken);
        }

        public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => inner.WriteAsync(name, content, cancellationToken);

        public Task<string> SetAsideAsync(string name, CancellationToken cancellationToken) => inner.SetAsideAsync(name, cancellationToken);
    }

    [Fact]
    public async Task The_state_is_read_once_written_through_and_read_again_only_when_the_root_file_changes()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] Root(long version) => DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Root, DsseSigner.Serialize(RootDocument.Create(version, [key], 1, [key], 1, DateTimeOffset.UtcNow.AddYears(1))), [key]));
        File.WriteAllBytes(temp.File("root.json"), Root(1));
        var store = new CountingStore(new FileStateStore(temp.File("state"), TimeProvider.System));
        var trust = new TrustStore(store, new TrustRootFile(temp.File("root.json")), TimeProvider.System, NullLogger<TrustStore>.Instance);

        var first = await trust.LoadAsync(CancellationToken.None);
        var readsAfterFirst = store.Reads;
        Assert.Same(first, await trust.LoadAsync(CancellationToken.None));
        Assert.Equal(readsAfterFirst, store.Reads);

        var next = first with { ClockFloor = DateTimeOffset.UtcNow };
        await trust.SaveAsync(next, CancellationToken.None);
        Assert.Same(next, await trust.LoadAsync(CancellationToken.None));
        Assert.Equal(readsAfterFirst, store.Reads);

        // A new root in the trustRoot file is noticed and rotated to.
        File.WriteAllBytes(temp.File("root.json"), Root(2));
        var rotated = await trust.LoadAsync(CancellationToken.None);
        Assert.Equal(2, rotated.Root.Version);
        Assert.True(store.Reads > readsAfterFirst);
    }

    public void Dispose() => temp.Dispose();
}
