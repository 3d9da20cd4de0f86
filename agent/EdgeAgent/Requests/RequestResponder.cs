using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Core.Requests;
using EdgeAgent.Reporting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Requests;

/// <summary>
/// Answers operator requests (README "Logs on request"): each is verified against the trust root
/// (requests role, this device, fresh, once), then answered in chunks on its response topic: the
/// agent's recent log and the container logs of managed apps only, or a support bundle. A refusal is logged, reported as
/// a `request-refused` event and, when the request names a well-formed id, answered with the reason.
/// Two requests are answered at a time and <see cref="RequestInbox.Capacity"/> wait; one beyond is
/// refused as request-busy (answered, logged, reported: none vanishes). A following request ends when it expires.
/// </summary>
internal sealed partial class RequestResponder(
    string deviceId,
    RequestInbox inbox,
    TrustStore trust,
    RequestVerifier verifier,
    AgentLogRing agentLog,
    DockerAppLogs appLogs,
    SupportBundleAnswer bundles,
    Func<string, byte[], CancellationToken, Task> publish,
    IStatusPublisher events,
    TimeProvider time,
    ILogger<RequestResponder> logger) : BackgroundService
{
    private readonly SemaphoreSlim answering = new(2);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(AnswerRequestsAsync(stoppingToken), AnswerRefusalsAsync(stoppingToken));

    private async Task AnswerRequestsAsync(CancellationToken stoppingToken)
    {
        await foreach (var payload in inbox.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            await answering.WaitAsync(stoppingToken).ConfigureAwait(false);
            _ = Task.Run(
                async () =>
                {
                    try
                    {
                        await HandleAsync(payload, stoppingToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        LogAnswerFailed(ex);
                    }
                    finally
                    {
                        answering.Release();
                    }
                },
                stoppingToken);
        }
    }

    /// <summary>Requests refused on arrival (too large, empty, the queue full): each answered with its reason, logged and reported.</summary>
    private async Task AnswerRefusalsAsync(CancellationToken stoppingToken)
    {
        await foreach (var refusal in inbox.Refusals.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RefuseAsync(refusal.ClaimedId, refusal.Reason, refusal.Message, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogAnswerFailed(ex); // logged and reported before the answer was tried
            }

            if (inbox.TakeUnanswered() is > 0 and var more)
            {
                var message = $"{more} more request(s) arrived while {RequestInbox.MaxWaitingRefusals} refusals were waiting to be sent: refused without an answer each";
                LogRefused(RejectionReason.RequestBusy.Code(), message);
                events.Publish(new AgentEvent { Type = AgentEventType.RequestRefused, At = time.GetUtcNow(), Reason = RejectionReason.RequestBusy, Message = message });
            }
        }
    }

    public override void Dispose()
    {
        answering.Dispose();
        base.Dispose();
    }

    private async Task HandleAsync(byte[] payload, CancellationToken stoppingToken)
    {
        OperatorRequest request;
        try
        {
            request = verifier.Verify((await trust.LoadAsync(stoppingToken).ConfigureAwait(false)).Root, payload);
        }
        catch (TrustException ex)
        {
            await RefuseAsync(RequestParser.ClaimedId(payload), ex.Reason, ex.Message, stoppingToken).ConfigureAwait(false);
            return;
        }

        using var expiry = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        expiry.CancelAfter(request.ExpiresAt - time.GetUtcNow());
        var writer = new ResponseWriter(request.Id, chunk => publish(Topics.Response(deviceId, request.Id), chunk, stoppingToken))
        {
            NarrowingOptions = request.Action == RequestAction.Logs ? "--tail, --since, --app" : "--tail, --since",
        };
        string? error = null;
        try
        {
            if (request.Action == RequestAction.Logs)
            {
                error = await AnswerLogsAsync(request.Logs ?? new LogsQuery(), writer, expiry.Token).ConfigureAwait(false);
            }
            else
            {
                await bundles.AnswerAsync(request.Logs ?? new LogsQuery(), writer, expiry.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // A followed log ends when the request expires.
        }

        await writer.FinishAsync(error is null ? null : "failed", error).ConfigureAwait(false);
        var what = request.Action == RequestAction.Logs ? $"logs of {request.Logs?.App ?? "the agent and every managed app"}" : "support bundle";
        var message = error ?? $"request {request.Id} ({what}): {writer.LinesSent} lines sent{(writer.Notes() is { } notes ? $" ({notes})" : "")}";
        LogAnswered(request.Id, message);
        events.Publish(new AgentEvent { Type = AgentEventType.RequestAnswered, At = time.GetUtcNow(), Message = message });
    }

    /// <summary>Returns why the logs could not be given, or null.</summary>
    private async Task<string?> AnswerLogsAsync(LogsQuery query, ResponseWriter writer, CancellationToken cancellationToken)
    {
        var since = query.SinceSeconds > 0 ? time.GetUtcNow().AddSeconds(-query.SinceSeconds) : (DateTimeOffset?)null;
        var apps = await appLogs.ManagedAppsAsync(cancellationToken).ConfigureAwait(false);
        if (query.App is { } named && named != "agent" && !apps.ContainsKey(named))
        {
            return $"{named} is not an app this agent manages here (managed: {(apps.Count == 0 ? "none" : string.Join(", ", apps.Keys.Order(StringComparer.Ordinal)))})";
        }

        if (query.Follow && query.App is null or "agent")
        {
            return "--follow needs one app (--app NAME): the agent's own log is answered as it stands";
        }

        if (query.App is null or "agent")
        {
            foreach (var line in agentLog.Read(since, query.Tail))
            {
                await writer.AddAsync("agent", line).ConfigureAwait(false);
            }
        }

        foreach (var (app, container) in apps.Where(a => query.App is null || a.Key == query.App).OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            writer.CountCut(await appLogs.ReadAsync(container, since, query.Tail, query.Follow, line => writer.AddSplitLineAsync("app " + app, line), cancellationToken).ConfigureAwait(false));
            await writer.FlushAsync().ConfigureAwait(false);
        }

        return null;
    }

    private async Task RefuseAsync(string? claimedId, RejectionReason reason, string message, CancellationToken cancellationToken)
    {
        LogRefused(reason.Code(), message);
        events.Publish(new AgentEvent { Type = AgentEventType.RequestRefused, At = time.GetUtcNow(), Reason = reason, Message = message });
        if (claimedId is { } id)
        {
            await new ResponseWriter(id, chunk => publish(Topics.Response(deviceId, id), chunk, cancellationToken)).FinishAsync(reason.Code(), message).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered operator request {RequestId}: {Summary}")]
    private partial void LogAnswered(string requestId, string summary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an operator request ({Reason}): {Message}")]
    private partial void LogRefused(string reason, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Answering an operator request failed")]
    private partial void LogAnswerFailed(Exception exception);
}
