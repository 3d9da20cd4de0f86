using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Reporting;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Hosting;

/// <summary>Runs one pass and reports it: its log, its status events, and after each pass the status itself.</summary>
internal sealed class PassRunner(Reconciler reconciler, StatusTracker status, IStatusPublisher? publisher, ILogger logger)
{
    private readonly PassLog passLog = new(logger);

    /// <summary>A pass towards <paramref name="desired"/>; without desired state yet there is nothing to run.</summary>
    public async Task<PassOutcome> RunAsync(DesiredState? desired, string reason, CancellationToken cancellationToken)
    {
        if (desired is null)
        {
            return PassOutcome.Idle;
        }

        try
        {
            var pass = await reconciler.RunPassAsync(desired, dryRun: false, cancellationToken).ConfigureAwait(false);
            foreach (var agentEvent in status.RecordPass(desired, pass))
            {
                publisher?.Publish(agentEvent);
            }

            passLog.Write(reason, pass);
            return PassOutcome.Of(pass);
        }
        catch (StepFailedException ex)
        {
            logger.LogObserveFailed(ex.Message);
            publisher?.Publish(status.RecordError(ex.Message));
            return PassOutcome.Failed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug or an unexpected host error must not end the daemon: log, back off, try again.
            logger.LogPassCrashed(ex);
            publisher?.Publish(status.RecordError(ex.Message));
            return PassOutcome.Failed;
        }
    }

    /// <summary>The device's status after a pass (retained on the broker).</summary>
    public void Report()
    {
        publisher?.Publish(status.Snapshot());
        logger.LogMemory();
    }
}
