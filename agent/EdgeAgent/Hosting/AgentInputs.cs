using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.ManifestSources;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Hosting;

/// <summary>The loop's inputs: last-known-good at start, then before each pass the trust topic, the broker streams and the manifest file, in that order.</summary>
internal sealed class AgentInputs(ManifestIntake feed, ManifestFileSource? file, IMessageInbox? inbox, IntakeRecorder recorder, ILogger logger)
{
    /// <summary>The merged desired state the next pass enforces.</summary>
    public AdmissionResult? Current => feed.Current;

    public ManifestFileSource? File => file;

    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await feed.RestoreAsync(cancellationToken).ConfigureAwait(false) is { } restored)
            {
                recorder.Restored(restored);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogPassCrashed(ex);
        }
    }

    public async Task TakeAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (topic, payload) in inbox?.TakeAll(Topics.TrustRoot) ?? [])
            {
                if (topic == Topics.TrustRoot)
                {
                    await TakeRootAsync(payload, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    recorder.Record(await feed.OfferAsync(topic, payload, persist: true, cancellationToken).ConfigureAwait(false));
                }
            }

            foreach (var evaluation in await feed.RetryHeldAsync(cancellationToken).ConfigureAwait(false))
            {
                recorder.Record(evaluation);
            }

            if (file is not null && await file.ReadIfChangedAsync(cancellationToken).ConfigureAwait(false) is { } fromFile)
            {
                recorder.Record(fromFile, file.Path);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // e.g. the state directory is full or read-only: keep enforcing what we have.
            logger.LogPassCrashed(ex);
        }
    }

    private async Task TakeRootAsync(byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            var (rotated, reoffered) = await feed.RotateRootAsync(payload, Topics.TrustRoot, cancellationToken).ConfigureAwait(false);
            if (rotated is not null)
            {
                recorder.RootRotated(rotated);
            }

            foreach (var evaluation in reoffered)
            {
                recorder.Record(evaluation);
            }
        }
        catch (TrustException ex)
        {
            recorder.RootRejected(ex);
        }
    }
}
