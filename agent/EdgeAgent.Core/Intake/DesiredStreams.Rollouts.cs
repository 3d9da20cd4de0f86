using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Intake;

/// <summary>Rollout topics: a group's manifest for this device alone, while a rollout moves the group wave by wave.</summary>
public sealed partial class DesiredStreams
{
    /// <summary>
    /// Sends the device back to its group's topic: the rollout topic's manifest is dropped (and its
    /// floor with it: the group topic's floor still guards against older manifests), the rest merged
    /// and admitted as a whole. Refused when nothing else would apply, or when the rest does not
    /// merge: the device then keeps what it runs. Changes nothing until <see cref="Commit"/>.
    /// </summary>
    public StreamEvaluation Release(TrustState trust, string stream)
    {
        ArgumentNullException.ThrowIfNull(trust);
        if (!IsRolloutStream(stream))
        {
            return StreamEvaluation.Reject(stream, null, Admission.RejectionReason.WrongTarget, [$"{stream} is not a rollout topic of device {deviceId}"]);
        }

        if (!accepted.ContainsKey(stream))
        {
            // Already following the group (a release delivered again, or a rollout that never reached this device).
            return new StreamEvaluation { Stream = stream, Released = true, AlreadyAccepted = true, Merged = Current, Conflicts = Conflicts, NextTrust = trust };
        }

        var candidate = new Dictionary<string, Manifest>(accepted, StringComparer.Ordinal);
        candidate.Remove(stream);
        var evaluation = Evaluate(stream, candidate, version: null);
        if (!evaluation.Accepted)
        {
            return evaluation with { Errors = [$"cannot follow the group topic again: {string.Join("; ", evaluation.Errors)}"] };
        }

        var streams = new Dictionary<string, StreamState>(trust.Streams, StringComparer.Ordinal);
        streams.Remove(stream);
        return evaluation with { Released = true, NextTrust = trust with { Streams = streams } };
    }

    /// <summary>
    /// The stream each group's manifest comes from: the group topic, or the device's rollout topic for
    /// that group when it holds a newer version (a tie goes to the group topic, so a finished rollout
    /// is reported as the group's).
    /// </summary>
    private Dictionary<string, string> GroupSources(Dictionary<string, Manifest> streams)
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (stream, manifest) in streams.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var isGroup = groupStreams.TryGetValue(stream, out var group);
            if (!isGroup && !rolloutStreams.TryGetValue(stream, out group))
            {
                continue;
            }

            if (!sources.TryGetValue(group!, out var chosen))
            {
                sources[group!] = stream;
                continue;
            }

            var version = manifest.Metadata.Version;
            var chosenVersion = streams[chosen].Metadata.Version;
            if (version > chosenVersion || (version == chosenVersion && isGroup))
            {
                sources[group!] = stream;
            }
        }

        return sources;
    }
}
