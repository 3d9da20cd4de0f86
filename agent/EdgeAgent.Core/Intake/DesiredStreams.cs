using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Intake;

/// <summary>
/// The device's desired state as the merge of its streams (README "The fleet over MQTT"): its own desired topic, one
/// topic per group, and the local bootstrap file, which counts only until a broker stream has been
/// accepted. A manifest offered on a stream is verified against the trust state, bound to its stream
/// (a device topic carries only manifests naming this device, a group topic only manifests naming
/// that group), merged with the other streams' accepted manifests and admitted by policy as a whole.
/// A group's manifest may also arrive on the device's rollout topic for that group (README "Rolling
/// out"): the newer of the two is the group's manifest on this device.
/// Only then may the caller persist <see cref="StreamEvaluation.NextTrust"/> and <see cref="Commit"/>:
/// a refused manifest changes nothing. Pure: no I/O, no clock beyond the verifier's TimeProvider.
/// </summary>
public sealed partial class DesiredStreams
{
    /// <summary>
    /// The stream of manifest files. One stream for every file, whatever its path: a copy of an old
    /// manifest under a new name must not roll the device back.
    /// </summary>
    public const string LocalStream = "local";

    private readonly string deviceId;
    private readonly string deviceStream;
    private readonly Dictionary<string, string> groupStreams; // stream -> group
    private readonly Dictionary<string, string> rolloutStreams; // stream -> group
    private readonly ManifestGate gate;
    private readonly ManifestVerifier verifier;
    private readonly Dictionary<string, Manifest> accepted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (byte[] Envelope, RejectionReason? Reason)> refused = new(StringComparer.Ordinal);

    public DesiredStreams(string deviceId, IReadOnlyCollection<string> groups, ManifestGate gate, ManifestVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(groups);
        this.deviceId = deviceId;
        this.gate = gate;
        this.verifier = verifier;
        deviceStream = Topics.DeviceDesired(deviceId);
        groupStreams = groups.Distinct(StringComparer.Ordinal).ToDictionary(Topics.GroupDesired, g => g, StringComparer.Ordinal);
        rolloutStreams = groups.Distinct(StringComparer.Ordinal).ToDictionary(g => Topics.DeviceRollout(deviceId, g), g => g, StringComparer.Ordinal);
    }

    /// <summary>The broker topics whose manifests merge into this device's desired state.</summary>
    public IReadOnlyList<string> BrokerStreams =>
        [deviceStream, .. groupStreams.Keys.Order(StringComparer.Ordinal), .. rolloutStreams.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The merged desired state last committed (null before any stream was accepted).</summary>
    public AdmissionResult? Current { get; private set; }

    public IReadOnlyList<string> Conflicts { get; private set; } = [];

    /// <summary>Accepted version per stream.</summary>
    public IReadOnlyDictionary<string, long> AppliedVersions => accepted.ToDictionary(a => a.Key, a => a.Value.Metadata.Version, StringComparer.Ordinal);

    public bool IsStream(string stream) => stream == deviceStream || stream == LocalStream || groupStreams.ContainsKey(stream) || rolloutStreams.ContainsKey(stream);

    /// <summary>One of this device's rollout topics (edge/v1/devices/{id}/rollout/{group}).</summary>
    public bool IsRolloutStream(string stream) => rolloutStreams.ContainsKey(stream);

    /// <summary>
    /// Starts from the manifests accepted before (offline first). They were verified when accepted and
    /// are not re-checked for expiry; they are merged and admitted under the current policy and groups.
    /// </summary>
    public StreamEvaluation Restore(TrustState trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var restored = new Dictionary<string, Manifest>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var (stream, state) in trust.Streams)
        {
            if (!IsStream(stream))
            {
                continue; // e.g. a group this device has left
            }

            try
            {
                restored[stream] = ManifestParser.Parse(Convert.FromBase64String(state.Payload));
            }
            catch (Exception ex) when (ex is ManifestException or FormatException)
            {
                errors.Add($"{stream}: stored manifest v{state.Version} is unreadable: {ex.Message}");
            }
        }

        var evaluation = Evaluate("last-known-good", restored, version: null);
        if (errors.Count > 0)
        {
            // Streams whose stored copy is unreadable are left out; the rest still applies.
            evaluation = evaluation with { Errors = [.. evaluation.Errors, .. errors] };
        }

        if (evaluation.Accepted)
        {
            accepted.Clear();
            foreach (var (stream, manifest) in restored)
            {
                accepted[stream] = manifest;
            }

            Current = evaluation.Merged;
            Conflicts = evaluation.Conflicts;
        }

        return evaluation;
    }

    /// <summary>Verifies, binds, merges and admits <paramref name="envelope"/> offered on <paramref name="stream"/>; changes nothing.</summary>
    public StreamEvaluation Offer(TrustState trust, string stream, ReadOnlySpan<byte> envelope)
    {
        ArgumentNullException.ThrowIfNull(trust);
        if (!IsStream(stream))
        {
            return StreamEvaluation.Reject(stream, null, RejectionReason.WrongTarget, [$"{stream} is not a desired-state stream of device {deviceId}"]);
        }

        // The envelope is parsed here, once: verification and the version a refusal reports both use it.
        DsseEnvelope parsed;
        try
        {
            parsed = EnvelopeVerifier.Parse(envelope);
        }
        catch (TrustException ex)
        {
            return StreamEvaluation.Reject(stream, null, ex.Reason, [ex.Message]);
        }

        TrustedManifest trusted;
        try
        {
            trusted = verifier.Verify(trust, stream, parsed);
        }
        catch (TrustException ex)
        {
            return StreamEvaluation.Reject(stream, ManifestPeek.Version(parsed), ex.Reason, [ex.Message]);
        }
        catch (ManifestException ex)
        {
            return StreamEvaluation.Reject(stream, ManifestPeek.Version(parsed), RejectionReason.InvalidManifest, ex.Errors.Select(e => e.ToString()));
        }

        var version = trusted.Manifest.Metadata.Version;
        var target = trusted.Manifest.Metadata.Target;
        if (stream == deviceStream && !target.Devices.Any(d => d.Value == deviceId))
        {
            return StreamEvaluation.Reject(stream, version, RejectionReason.WrongTarget, [$"published on {stream} but its target devices [{string.Join(", ", target.Devices)}] do not include {deviceId}"]);
        }

        if ((groupStreams.TryGetValue(stream, out var group) || rolloutStreams.TryGetValue(stream, out group)) && !target.Groups.Any(g => g.Value == group))
        {
            return StreamEvaluation.Reject(stream, version, RejectionReason.WrongTarget, [$"published on {stream} but its target groups [{string.Join(", ", target.Groups)}] do not include {group}"]);
        }

        var candidate = new Dictionary<string, Manifest>(accepted, StringComparer.Ordinal) { [stream] = trusted.Manifest };
        var evaluation = Evaluate(stream, candidate, version);
        return evaluation.Accepted
            ? evaluation with { NextTrust = trusted.NextState, Manifest = trusted.Manifest, AlreadyAccepted = trusted.AlreadyAccepted }
            : evaluation;
    }

    /// <summary>Makes an accepted evaluation current (after its trust state is persisted), or remembers a refused envelope.</summary>
    public void Commit(StreamEvaluation evaluation, ReadOnlySpan<byte> envelope)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        if (evaluation.Released)
        {
            accepted.Remove(evaluation.Stream);
            refused.Remove(evaluation.Stream);
            Current = evaluation.Merged;
            Conflicts = evaluation.Conflicts;
            return;
        }

        if (!evaluation.Accepted || evaluation.Manifest is null)
        {
            refused[evaluation.Stream] = (envelope.ToArray(), evaluation.Reason);
            return;
        }

        accepted[evaluation.Stream] = evaluation.Manifest;
        refused.Remove(evaluation.Stream);
        Current = evaluation.Merged;
        Conflicts = evaluation.Conflicts;
    }

    /// <summary>
    /// The last refused envelope per stream: after a root rotation they are offered again, because a
    /// manifest signed with new keys may arrive before the root that trusts them, and a retained
    /// message is not delivered twice.
    /// </summary>
    public IReadOnlyList<(string Stream, byte[] Envelope)> Refused => [.. refused.Select(r => (r.Key, r.Value.Envelope))];

    /// <summary>Refused only because they were issued ahead of the device's clock: worth offering again as time passes.</summary>
    public IReadOnlyList<(string Stream, byte[] Envelope)> HeldForClock =>
        [.. refused.Where(r => r.Value.Reason == RejectionReason.IssuedInFuture).Select(r => (r.Key, r.Value.Envelope))];

    private StreamEvaluation Evaluate(string stream, Dictionary<string, Manifest> streams, long? version)
    {
        var device = streams.GetValueOrDefault(deviceStream);
        var groupSources = GroupSources(streams);
        var groups = groupSources.ToDictionary(g => g.Key, g => streams[g.Value], StringComparer.Ordinal);
        if (device is null && groups.Count == 0)
        {
            device = streams.GetValueOrDefault(LocalStream); // bootstrap until the broker delivers
        }

        var merge = ManifestMerger.Merge(device, groups);
        if (merge.Merged is null)
        {
            return StreamEvaluation.Reject(stream, version, RejectionReason.InvalidManifest, ["no manifest applies to this device"]);
        }

        var deviceSource = streams.ContainsKey(deviceStream) ? deviceStream : LocalStream;
        string SourceOf(string? group) => group is null ? deviceSource : groupSources.GetValueOrDefault(group, Topics.GroupDesired(group));
        var mergeErrors = MergedManifestCheck.Errors(merge, group => Describe(streams, SourceOf(group)));
        if (mergeErrors.Count > 0)
        {
            return StreamEvaluation.Reject(stream, version, RejectionReason.MergeInvalid, mergeErrors);
        }

        AppOrigin? OriginOf(string app)
        {
            var stream = SourceOf(merge.Origins.GetValueOrDefault("app " + app));
            return streams.TryGetValue(stream, out var manifest)
                ? new AppOrigin(stream, manifest.Metadata.Version, manifest.Spec.Update.Mode == ManifestUpdateSpec.Atomic)
                : null;
        }

        var admission = gate.Admit(merge.Merged, OriginOf);
        return admission.Accepted
            ? new StreamEvaluation { Stream = stream, Version = version, Merged = admission, Conflicts = merge.Conflicts }
            : StreamEvaluation.Reject(stream, version, admission.Reason!.Value, admission.Errors);
    }

    private static string Describe(Dictionary<string, Manifest> streams, string stream) =>
        streams.TryGetValue(stream, out var manifest) ? $"{stream} v{manifest.Metadata.Version}" : stream;
}
