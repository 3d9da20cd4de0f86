using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Requests;

namespace EdgeCtl.Commands;

/// <summary>`edgectl logs`: a device's agent and container logs over MQTT, asked for with a signed request (README "Logs on request").</summary>
internal static class LogsCommand
{
    private static readonly TimeSpan FirstAnswer = TimeSpan.FromSeconds(30);

    public static Command Build()
    {
        var broker = new BrokerArguments();
        var deviceOption = new Option<string>("--device") { Description = "The device", Required = true };
        var appOption = new Option<string?>("--app") { Description = "One managed app, or \"agent\"; default: the agent and every managed app" };
        var sinceOption = new Option<string?>("--since") { Description = "Only lines from the last 10m, 2h, 1d..." };
        var tailOption = new Option<int>("--tail") { Description = "At most this many lines per source", DefaultValueFactory = _ => 200 };
        var followOption = new Option<bool>("--follow") { Description = "Keep printing new lines of one app (--app) for up to 10 minutes" };
        var signOption = new Option<string>("--sign-key") { Description = "A key of the trust root's requests role (private PEM)", Required = true };
        var command = new Command("logs", "Print a device's agent and container logs, asked for over MQTT with a signed request") { deviceOption, appOption, sinceOption, tailOption, followOption, signOption };
        broker.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var device = parse.GetValue(deviceOption)!;
            if (!DeviceName.IsValid(device))
            {
                throw CliException.Usage($"--device: \"{device}\" {DeviceName.Rule}");
            }

            var follow = parse.GetValue(followOption);
            var now = DateTimeOffset.UtcNow;
            var request = new OperatorRequest
            {
                ApiVersion = "edge/v1",
                Kind = "Request",
                Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
                Device = device,
                IssuedAt = now,
                ExpiresAt = now + (follow ? TimeSpan.FromMinutes(10) : TimeSpan.FromMinutes(2)),
                Action = RequestAction.Logs,
                Logs = new LogsQuery
                {
                    App = parse.GetValue(appOption),
                    SinceSeconds = parse.GetValue(sinceOption) is { } since ? (int)Math.Min(RequestParser.MaxSinceSeconds, Durations.Parse(since, "--since").TotalSeconds) : 0,
                    Tail = parse.GetValue(tailOption),
                    Follow = follow,
                },
            };
            var payload = JsonSerializer.SerializeToUtf8Bytes(request, RequestJsonContext.Default.OperatorRequest);
            try
            {
                RequestParser.Parse(payload); // the device's own checks, before anything is sent
            }
            catch (TrustException ex)
            {
                throw CliException.Usage(ex.Message.Replace("$.logs.", "--", StringComparison.Ordinal));
            }

            var envelope = DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Request, payload, [KeyFiles.ReadPrivate(parse.GetValue(signOption)!)]));
            var chunks = Channel.CreateUnbounded<ResponseChunk>();
            await using var connection = await broker.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            await connection.SubscribeAsync([Topics.Response(device, request.Id)], (_, bytes) =>
            {
                try
                {
                    chunks.Writer.TryWrite(JsonSerializer.Deserialize(bytes, RequestJsonContext.Default.ResponseChunk)!);
                }
                catch (JsonException)
                {
                    // not an answer: ignored
                }
            }, cancellationToken).ConfigureAwait(false);
            await connection.PublishAsync(Topics.Requests(device), envelope, retain: false, cancellationToken).ConfigureAwait(false);
            return await PrintAsync(chunks.Reader, device, request.ExpiresAt, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Prints the chunks in order until the final one; exit 1 with the device's reason when it refused or failed.</summary>
    private static async Task<int> PrintAsync(ChannelReader<ResponseChunk> chunks, string device, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var pending = new Dictionary<int, ResponseChunk>();
        var next = 0;
        var first = true;
        while (true)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(first ? FirstAnswer : expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30));
            ResponseChunk chunk;
            try
            {
                chunk = await chunks.ReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw CliException.Failed(first
                    ? $"no answer from {device} within {FirstAnswer.TotalSeconds:0} s: is it online, and does its agent answer requests?"
                    : $"{device} stopped answering");
            }

            first = false;
            pending[chunk.Seq] = chunk;
            while (pending.Remove(next, out var inOrder))
            {
                next++;
                foreach (var line in inOrder.Lines)
                {
                    Console.WriteLine(inOrder.Source is null ? line : $"[{inOrder.Source}] {line}");
                }

                if (inOrder.Final)
                {
                    if (inOrder.Error is not null)
                    {
                        throw CliException.Failed($"{device} refused or failed ({inOrder.Error}): {inOrder.Message}");
                    }

                    if (inOrder.Message is not null)
                    {
                        await Console.Error.WriteLineAsync($"edgectl: {inOrder.Message}").ConfigureAwait(false);
                    }

                    return 0;
                }
            }
        }
    }
}
