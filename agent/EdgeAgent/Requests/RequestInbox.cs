using System.Buffers;
using System.Threading.Channels;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Requests;

namespace EdgeAgent.Requests;

/// <summary>
/// Operator requests as they arrive from the broker, each kept (unlike desired state, which only needs
/// the newest) up to <see cref="Capacity"/> waiting. None vanishes: one that is empty, larger than
/// <see cref="RequestVerifier.MaxRequestBytes"/>, or arrives while the queue is full becomes a
/// <see cref="RequestRefusal"/> that the responder answers, logs and reports. Refusals wait at most
/// <see cref="MaxWaitingRefusals"/>; past that (a flood) they are counted and reported together.
/// </summary>
internal sealed class RequestInbox
{
    public const int Capacity = 8;

    public const int MaxWaitingRefusals = 1024;

    /// <summary>An oversized request is read for its id only up to this size (a larger one is refused by its size alone).</summary>
    private const int MaxClaimedIdScan = 4 * RequestVerifier.MaxRequestBytes;

    private readonly Channel<byte[]> requests = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait });
    private readonly Channel<RequestRefusal> refusals = Channel.CreateBounded<RequestRefusal>(new BoundedChannelOptions(MaxWaitingRefusals) { FullMode = BoundedChannelFullMode.Wait });
    private long unanswered;

    public ChannelReader<byte[]> Reader => requests.Reader;

    public ChannelReader<RequestRefusal> Refusals => refusals.Reader;

    /// <summary>Queues the request, or its refusal; never drops one unaccounted.</summary>
    public void Offer(ReadOnlySequence<byte> payload)
    {
        if (payload.IsEmpty)
        {
            Refuse(new RequestRefusal(RejectionReason.MalformedEnvelope, "an empty message on the requests topic is not a request", null));
        }
        else if (payload.Length > RequestVerifier.MaxRequestBytes)
        {
            var id = payload.Length <= MaxClaimedIdScan ? RequestParser.ClaimedId(payload.ToArray()) : null;
            Refuse(new RequestRefusal(RejectionReason.Oversize, $"request{(id is null ? "" : " " + id)} is {payload.Length} bytes, more than the limit of {RequestVerifier.MaxRequestBytes} for a request", id));
        }
        else
        {
            var bytes = payload.ToArray();
            if (!requests.Writer.TryWrite(bytes))
            {
                var id = RequestParser.ClaimedId(bytes);
                Refuse(new RequestRefusal(RejectionReason.RequestBusy, $"request{(id is null ? "" : " " + id)} arrived while {Capacity} requests were waiting to be answered: ask again in a moment", id));
            }
        }
    }

    /// <summary>How many refusals found no room since the last call (reported together, not answered one by one).</summary>
    public long TakeUnanswered() => Interlocked.Exchange(ref unanswered, 0);

    private void Refuse(RequestRefusal refusal)
    {
        if (!refusals.Writer.TryWrite(refusal))
        {
            Interlocked.Increment(ref unanswered);
        }
    }
}
