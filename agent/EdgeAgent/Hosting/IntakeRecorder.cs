using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Reporting;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Hosting;

/// <summary>What taking in desired state tells: the log lines, status and events of each evaluation, restore and root.</summary>
internal sealed class IntakeRecorder(ManifestIntake feed, StatusTracker status, IStatusPublisher? publisher, TimeProvider time, ILogger logger)
{
    public void Restored(StreamEvaluation restored)
    {
        if (restored.Accepted)
        {
            status.RecordRestored(feed.Streams.AppliedVersions, restored.Conflicts);
            logger.LogLastKnownGood(string.Join(", ", feed.Streams.AppliedVersions.Select(v => $"{v.Key} v{v.Value}")) is { Length: > 0 } s ? s : $"unsigned v{restored.Version}");
            foreach (var error in restored.Errors)
            {
                logger.LogLastKnownGoodRefused("unreadable", error);
            }
        }
        else
        {
            logger.LogLastKnownGoodRefused(restored.Reason?.Code() ?? "", string.Join("; ", restored.Errors));
        }
    }

    public void RootRotated(RootDocument rotated)
    {
        logger.LogRootRotated(rotated.Version);
        publisher?.Publish(new AgentEvent { Type = AgentEventType.RootRotated, At = time.GetUtcNow(), Stream = Topics.TrustRoot, Version = rotated.Version, Message = $"trust root is now v{rotated.Version}" });
    }

    public void RootRejected(TrustException rejected)
    {
        logger.LogRootRejected(rejected.Reason.Code(), rejected.Message);
        publisher?.Publish(new AgentEvent { Type = AgentEventType.Rejected, At = time.GetUtcNow(), Stream = Topics.TrustRoot, Reason = rejected.Reason, Message = rejected.Message });
    }

    /// <summary>One evaluation of a stream; <paramref name="source"/> names the manifest file when it came from one.</summary>
    public void Record(StreamEvaluation evaluation, string? source = null)
    {
        if (evaluation.Accepted)
        {
            if (evaluation.Released && !evaluation.AlreadyAccepted)
            {
                logger.LogReleased(evaluation.Stream, Describe(feed.Current));
            }
            else if (!evaluation.AlreadyAccepted)
            {
                logger.LogAccepted(evaluation.Stream, evaluation.Version ?? 0, source ?? evaluation.Stream);
            }

            foreach (var conflict in evaluation.Conflicts)
            {
                logger.LogConflict(conflict);
            }
        }
        else
        {
            logger.LogRejected(source ?? evaluation.Stream, evaluation.Reason?.Code() ?? "", string.Join("; ", evaluation.Errors), Describe(feed.Current));
        }

        if (status.RecordStream(evaluation) is { } agentEvent)
        {
            publisher?.Publish(agentEvent);
        }
    }

    private static string Describe(AdmissionResult? current) =>
        current?.Manifest is { } m ? $"{m.Metadata.Name} v{m.Metadata.Version}" : "nothing";
}
