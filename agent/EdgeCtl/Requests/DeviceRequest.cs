using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Requests;

namespace EdgeCtl.Requests;

/// <summary>
/// One signed request to one device and its answer (README "Logs on request"): checked as the device
/// will check it before anything is sent, signed with a requests-role key, published, and the
/// answer's chunks yielded in order until the final one. A refusal or failure named by the device,
/// or silence, ends it with a <see cref="CliException"/>.
/// </summary>
internal static class DeviceRequest
{
    private static readonly TimeSpan FirstAnswer = TimeSpan.FromSeconds(30);

    /// <summary>Chunks held while an earlier one is missing: an agent sends in order, so a long gap is not an answer.</summary>
    private const int MaxPendingChunks = 256;

    /// <summary>A fresh request with a random id, issued now and living <paramref name="lifetime"/>.</summary>
    public static OperatorRequest Create(string device, RequestAction action, LogsQuery query, TimeSpan lifetime)
    {
        if (DeviceName.DeviceIdProblem(device) is { } problem)
        {
            throw CliException.Usage($"--device: \"{device}\" {problem}");
        }

        var now = DateTimeOffset.UtcNow;
        return new OperatorRequest
        {
            ApiVersion = "edge/v1",
            Kind = "Request",
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Device = device,
            IssuedAt = now,
            ExpiresAt = now + lifetime,
            Action = action,
            Logs = query,
        };
    }

    /// <summary>The request as a signed envelope, after the device's own checks (a refusal names the option).</summary>
    public static byte[] Sign(OperatorRequest request, string signKeyFile)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(request, RequestJsonContext.Default.OperatorRequest);
        try
        {
            RequestParser.Parse(payload);
        }
        catch (TrustException ex)
        {
            throw CliException.Usage(ex.Message.Replace("$.logs.", "--", StringComparison.Ordinal));
        }

        return DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Request, payload, [KeyFiles.ReadPrivate(signKeyFile)]));
    }

    /// <summary>Publishes the envelope and yields the answer's chunks in order, the final one last.</summary>
    public static async IAsyncEnumerable<ResponseChunk> AskAsync(BrokerConnection connection, OperatorRequest request, byte[] envelope, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var chunks = Channel.CreateUnbounded<ResponseChunk>();
        await connection.SubscribeAsync([Topics.Response(request.Device, request.Id)], (_, bytes) =>
        {
            try
            {
                if (JsonSerializer.Deserialize(bytes, RequestJsonContext.Default.ResponseChunk) is { } chunk && chunk.Seq >= 0)
                {
                    chunks.Writer.TryWrite(chunk);
                }
            }
            catch (JsonException)
            {
                // not an answer: ignored
            }
        }, cancellationToken).ConfigureAwait(false);
        await connection.PublishAsync(Topics.Requests(request.Device), envelope, retain: false, cancellationToken).ConfigureAwait(false);

        var pending = new Dictionary<int, ResponseChunk>();
        var next = 0;
        var first = true;
        while (true)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(first ? FirstAnswer : request.ExpiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30));
            ResponseChunk chunk;
            try
            {
                chunk = await chunks.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw CliException.Failed(first
                    ? $"no answer from {request.Device} within {FirstAnswer.TotalSeconds:0} s: is it online, and does its agent answer requests?"
                    : $"{request.Device} stopped answering");
            }

            first = false;
            pending[chunk.Seq] = chunk;
            if (pending.Count > MaxPendingChunks)
            {
                throw CliException.Failed($"{request.Device}'s answer lacks chunk {next} while {pending.Count} later ones arrived: not a whole answer");
            }

            while (pending.Remove(next, out var inOrder))
            {
                next++;
                if (inOrder.Final && inOrder.Error is not null)
                {
                    throw CliException.Failed($"{request.Device} refused or failed ({inOrder.Error}): {inOrder.Message}");
                }

                yield return inOrder;
                if (inOrder.Final)
                {
                    yield break;
                }
            }
        }
    }
}
