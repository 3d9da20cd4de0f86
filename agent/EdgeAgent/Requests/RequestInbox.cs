using System.Threading.Channels;

namespace EdgeAgent.Requests;

/// <summary>Operator requests as they arrive from the broker, each kept (unlike desired state, which only needs the newest); a burst beyond a few is dropped.</summary>
internal sealed class RequestInbox
{
    private readonly Channel<byte[]> requests = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.DropWrite });

    public ChannelReader<byte[]> Reader => requests.Reader;

    /// <summary>False when the inbox is full (the request is dropped; the operator's edgectl times out and can ask again).</summary>
    public bool TryAdd(byte[] payload) => requests.Writer.TryWrite(payload);
}
