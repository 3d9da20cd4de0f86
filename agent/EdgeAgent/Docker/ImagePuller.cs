using EdgeAgent.Core.Abstractions;
using EdgeAgent.Docker.Engine;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Docker;

/// <summary>
/// Pulls one image: with the registry's login from agent.json, within a time limit, aborted when it
/// stops moving, its progress in the log every <see cref="ProgressEvery"/>, and its failures said in
/// the operator's terms (a refused login, content that does not match the pinned digest).
/// </summary>
internal sealed partial class ImagePuller(DockerEngine docker, RegistryAuth auth, TimeSpan timeout, TimeSpan stall, TimeProvider time, ILogger logger, DiskAdmission? disk = null)
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    public async Task PullAsync(string image, CancellationToken cancellationToken)
    {
        var parts = ImageReferenceParts.Parse(image);
        var login = auth.For(parts.Repository);
        if (disk is not null)
        {
            await disk.CheckAsync(image, parts, login, cancellationToken).ConfigureAwait(false);
        }

        var progress = new PullProgress(time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var started = time.GetUtcNow();
        var nextLog = started + ProgressEvery;
        var stalled = false;

        // Checks every second whether the pull still moves; logs how far it got now and then.
        using var watchdog = time.CreateTimer(
            _ =>
            {
                var now = time.GetUtcNow();
                if (now - progress.LastMoved >= stall)
                {
                    stalled = true;
                    limit.Cancel();
                }
                else if (now >= nextLog)
                {
                    nextLog += ProgressEvery;
                    LogPullProgress(image, (int)(now - started).TotalSeconds, progress.Summary());
                }
            },
            null,
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(1));

        LogPulling(image, login is null ? "" : $" as {login.Username}");
        try
        {
            await docker.PullImageAsync(parts.Repository, parts.Digest ?? parts.Tag ?? "latest", login, progress.Report, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StepFailedException(
                FailureKind.Retryable,
                stalled
                    ? $"pull {image}: no progress for {stall.TotalSeconds:0} s ({progress.Summary()}); the registry may be unreachable"
                    : $"pull {image}: not done after {timeout.TotalSeconds:0} s (docker.pullTimeoutSeconds; {progress.Summary()})");
        }
        catch (DockerEngineException api)
        {
            throw Classified(image, parts.Repository, api.Message) ?? DockerErrors.Classify(api, $"pull {image}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw DockerErrors.Classify(ex, $"pull {image}");
        }

        if (progress.Error is { } error)
        {
            throw Classified(image, parts.Repository, error) ?? new StepFailedException(FailureKind.Retryable, $"pull {image}: {error}");
        }

        LogPulled(image, (int)(time.GetUtcNow() - started).TotalSeconds, progress.Summary());
    }

    /// <summary>Failures that the same pull will meet again: reported at once, with what to do.</summary>
    private StepFailedException? Classified(string image, string repository, string message)
    {
        var registry = RegistryAuth.RegistryOf(repository);
        if (Contains(message, "unauthorized") || Contains(message, "authentication required") || Contains(message, "no basic auth credentials") || Contains(message, "denied"))
        {
            var configured = auth.CredentialFor(repository) is null
                ? $"no login is configured for {registry} (agent.json registries)"
                : $"check registries.{registry} in agent.json (username, passwordFile)";
            return new StepFailedException(FailureKind.Terminal, $"pull {image}: the registry refused the login: {message.Trim()}; {configured}");
        }

        if (Contains(message, "verification failed") || Contains(message, "digest did not match") || Contains(message, "does not match"))
        {
            return new StepFailedException(FailureKind.Terminal, $"pull {image}: the registry's content does not match the pinned digest, refused: {message.Trim()}");
        }

        return null;
    }

    private static bool Contains(string text, string what) => text.Contains(what, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulling image {Image}{Login}")]
    private partial void LogPulling(string image, string login);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulling {Image}: {Seconds} s, {Progress}")]
    private partial void LogPullProgress(string image, int seconds, string progress);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulled {Image} in {Seconds} s ({Progress})")]
    private partial void LogPulled(string image, int seconds, string progress);
}
